import { type Cidr, type Ip, cidrContains, embeddedIpv4, formatIp, parseCidr, parseIp } from "./ip";

/**
 * Admin allow-list patterns (table egress_allow_list): an exact host name, an IP address or a CIDR block.
 * Parsed here once for the form's validation and for the guard's matching, so both agree.
 */
export type AllowRule = { kind: "host"; host: string } | { kind: "cidr"; cidr: Cidr };
export type PatternParse = { ok: true; rule: AllowRule; pattern: string } | { ok: false; message: string };

const LABEL = "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?";
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(\\.${LABEL})*$`);

/** Host names as URL parsing leaves them: lower case, no trailing dot, IPv6 without brackets. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
}

/**
 * Reads one pattern and gives it its canonical spelling (what is stored), or a message saying what is wrong.
 *
 * @example parsePattern("10.0.0.0/8") // { ok: true, pattern: "10.0.0.0/8", rule: { kind: "cidr", … } }
 */
export function parsePattern(input: string): PatternParse {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Enter a host name, an IP address or a CIDR block." };
  if (text.includes("://") || /[?#@]/.test(text)) {
    return { ok: false, message: "Enter a host name, IP address or CIDR block, not a URL (e.g. api.internal.example or 10.0.0.0/8)." };
  }
  if (/^[^:]+:\d+$/.test(text)) return { ok: false, message: "Leave out the port: an entry allows its host on every port." };
  if (text.includes("/") && !parseIp(text.split("/")[0] ?? "")) {
    return { ok: false, message: `${text} is not a CIDR block; enter a host name without a path, or a block such as 10.0.0.0/8.` };
  }
  if (text.includes("/") || parseIp(text)) {
    const parsed = parseCidr(text);
    if (!parsed.ok) return parsed;
    const { cidr } = parsed;
    const address = formatIp({ version: cidr.version, value: cidr.base });
    const isSingle = cidr.prefix === (cidr.version === 4 ? 32 : 128);
    return { ok: true, rule: { kind: "cidr", cidr }, pattern: isSingle && !text.includes("/") ? address : `${address}/${cidr.prefix}` };
  }
  const host = normalizeHost(text);
  // URL parsing reads 2130706433, 0x7f000001 or 127.1 as an IPv4 address: such a "host name" would never match.
  const asUrlHost = URL.canParse(`http://${host}/`) ? new URL(`http://${host}/`).hostname : "";
  const asIp = parseIp(asUrlHost);
  if (asIp) return { ok: false, message: `${text} is an unusual spelling of ${formatIp(asIp)}; enter ${formatIp(asIp)} instead.` };
  if (!HOST_NAME.test(host)) {
    return { ok: false, message: `${text} is not a valid host name, IP address or CIDR block (a host name has letters, digits, dashes and dots).` };
  }
  return { ok: true, rule: { kind: "host", host }, pattern: host };
}

/** Whether the list names this host exactly (the name the URL gave, normalised). */
export function isHostAllowed(rules: readonly AllowRule[], host: string): boolean {
  const name = normalizeHost(host);
  return rules.some((rule) => rule.kind === "host" && rule.host === name);
}

/** Whether a CIDR or address on the list holds this address (or the IPv4 address it carries). */
export function isAddressAllowed(rules: readonly AllowRule[], ip: Ip): boolean {
  const inner = embeddedIpv4(ip);
  return rules.some((rule) => rule.kind === "cidr" && (cidrContains(rule.cidr, ip) || (inner !== undefined && cidrContains(rule.cidr, inner))));
}
