import "server-only";
import { lookup as dnsLookup } from "node:dns/promises";
import { ProviderError } from "../providers/types";
import { type AllowRule, isAddressAllowed, isHostAllowed, normalizeHost } from "./allow-rules";
import { type AddressKind, type Ip, classifyIp, formatIp, parseIp } from "./ip";
import { type PinnedAddress, type PinnedResponse, sendPinned } from "./pinned-request";

/**
 * The SSRF guard for requests to user-given URLs (http-request, http-health-check, notify webhooks):
 * only http(s); every address the host resolves to must be public, on the admin allow-list, or an
 * endpoint the local provider runs; the connection goes to the addresses that were checked (no second
 * DNS answer between check and connect); redirects are followed by hand and each hop checked again.
 *
 * @example await egressRequest("https://api.example.com/x", { method: "GET" }, await stepEgressPolicy())
 */
export type EgressPolicy = {
  allowList: readonly AllowRule[];
  /** Whether `address:port` is an instance or load balancer the `local` provider runs. */
  isLocalEndpoint(address: string, port: number): boolean | Promise<boolean>;
  /** DNS, replaceable in tests; defaults to the system resolver (all addresses). */
  lookup?: (host: string) => Promise<PinnedAddress[]>;
};

/** A refused destination: the user's (or admin's) to change, so it is never retried. */
export class EgressRefusedError extends ProviderError {
  constructor(message: string) {
    super("INVALID_SPEC", message, { isRetryable: false });
    this.name = "EgressRefusedError";
  }
}

const KIND_LABELS: Record<Exclude<AddressKind, "public">, string> = {
  loopback: "a loopback address",
  private: "a private address",
  "link-local": "a link-local address",
  shared: "a shared (carrier-grade NAT) address",
  "this-network": 'a "this network" address',
  multicast: "a multicast address",
  reserved: "a reserved address",
  metadata: "a cloud metadata address",
};
const HOW_TO_ALLOW = "an admin can allow it under Admin → Network.";

/** Names that reach metadata services or this host whatever the DNS says. */
const BLOCKED_NAMES: Record<string, string> = {
  localhost: "a loopback host name",
  "metadata.google.internal": "a cloud metadata host name",
  "metadata.goog": "a cloud metadata host name",
  metadata: "a cloud metadata host name",
  "instance-data": "a cloud metadata host name",
  "instance-data.ec2.internal": "a cloud metadata host name",
};

function blockedName(host: string): string | undefined {
  return BLOCKED_NAMES[host] ?? (host.endsWith(".localhost") ? BLOCKED_NAMES.localhost : undefined);
}

export type Destination = { url: URL; host: string; port: number; addresses: PinnedAddress[] };

async function resolve(host: string, policy: EgressPolicy): Promise<PinnedAddress[]> {
  const literal = parseIp(host);
  if (literal) return [{ address: host, family: literal.version }];
  try {
    const answers = policy.lookup ? await policy.lookup(host) : await dnsLookup(host, { all: true, verbatim: true });
    if (answers.length > 0) return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } catch (cause) {
    throw new ProviderError("UNAVAILABLE", `Could not resolve ${host}.`, { cause });
  }
  throw new ProviderError("UNAVAILABLE", `Could not resolve ${host}.`);
}

function refusal(host: string, ip: Ip, kind: Exclude<AddressKind, "public">, via: Ip | undefined): EgressRefusedError {
  const address = formatIp(ip);
  const carried = via ? ` (it carries ${formatIp(via)})` : "";
  const what = host === address ? `${address} is ${KIND_LABELS[kind]}${carried}` : `${host} resolves to ${address}, ${KIND_LABELS[kind]}${carried}`;
  return new EgressRefusedError(`Refused: ${what}; ${HOW_TO_ALLOW}`);
}

/** Checks one URL (scheme, name, every resolved address) and returns the addresses to connect to. */
export async function checkDestination(url: URL, policy: EgressPolicy): Promise<Destination> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new EgressRefusedError(`Refused: ${url.protocol.replace(/:$/, "")} URLs are not allowed; use http or https.`);
  }
  const host = normalizeHost(url.hostname);
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const isNamed = isHostAllowed(policy.allowList, host);
  const nameProblem = blockedName(host);
  if (nameProblem && !isNamed) throw new EgressRefusedError(`Refused: ${host} is ${nameProblem}; ${HOW_TO_ALLOW}`);
  const addresses = await resolve(host, policy);
  for (const { address } of addresses) {
    const ip = parseIp(address);
    if (!ip) throw new EgressRefusedError(`Refused: ${host} resolved to ${address}, which is not an IP address.`);
    const { kind, via } = classifyIp(ip);
    if (kind === "public" || isNamed || isAddressAllowed(policy.allowList, ip)) continue;
    if (await policy.isLocalEndpoint(formatIp(ip), port)) continue;
    throw refusal(host, ip, kind, via);
  }
  return { url, host, port, addresses };
}

export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Credentials meant for one origin are not handed to another one a redirect points at. */
const ORIGIN_BOUND_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export type EgressInit = { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal; maxBytes?: number };
export type EgressResponse = PinnedResponse & { url: string };

/** Sends a request through the guard, following up to MAX_REDIRECTS redirects, each checked again. */
export async function egressRequest(rawUrl: string, init: EgressInit, policy: EgressPolicy): Promise<EgressResponse> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new EgressRefusedError(`Refused: ${rawUrl} is not a valid URL.`);
  }
  let method = (init.method ?? "GET").toUpperCase();
  let body = init.body;
  let headers: Record<string, string> = { ...init.headers };
  for (let hop = 0; ; hop++) {
    const destination = await checkDestination(url, policy);
    const response = await sendPinned(destination, { method, headers, body, signal: init.signal, maxBytes: init.maxBytes });
    if (!REDIRECTS.has(response.status) || !response.location) return { ...response, url: url.toString() };
    if (hop === MAX_REDIRECTS) throw new ProviderError("UNAVAILABLE", `${rawUrl}: more than ${MAX_REDIRECTS} redirects.`, { isRetryable: false });
    let next: URL;
    try {
      next = new URL(response.location, url);
    } catch {
      throw new ProviderError("UNAVAILABLE", `${url.toString()} redirected to an invalid URL.`, { isRetryable: false });
    }
    // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
    }
    if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !ORIGIN_BOUND_HEADERS.includes(name.toLowerCase())));
    url = next;
  }
}
