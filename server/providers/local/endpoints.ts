import "server-only";
import { tokens } from "./load-balancers";
import { openRuntimes } from "./lifecycle";
import type { Runtime } from "./runtime";
import type { LocalRecord } from "./store";

const LIVE = new Set<LocalRecord["status"]>(["creating", "ready", "updating"]);

/**
 * A load balancer whose targets include a URL would relay a step's request to wherever that URL points,
 * so only one that balances local instances and groups counts as the provider's own endpoint.
 */
function isOwnBackend(rt: Runtime, record: LocalRecord): boolean {
  if (record.type === "compute.instance") return true;
  const targets = record.spec.targets;
  const list = typeof targets === "string" || (Array.isArray(targets) && targets.every((t) => typeof t === "string")) ? tokens(targets) : [];
  return list.every((id) => rt.store.state.resources[id] !== undefined);
}

function endpointOf(record: LocalRecord): { host: string; port: number } | undefined {
  const url = record.attributes.url;
  if (typeof url !== "string" || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  // URL parsing drops a default port (a balancer listening on 80 has the url http://127.0.0.1:80).
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : parsed.protocol === "https:" ? 443 : 80 };
}

/**
 * Whether `host:port` is an instance or load balancer the `local` provider runs in this process (they
 * listen on 127.0.0.1). The SSRF guard lets steps reach these although they are loopback addresses.
 *
 * @example await isLocalProviderEndpoint("127.0.0.1", 41234) // true while lb-… listens there
 */
export async function isLocalProviderEndpoint(host: string, port: number): Promise<boolean> {
  for (const rt of await openRuntimes()) {
    for (const record of Object.values(rt.store.state.resources)) {
      if (!LIVE.has(record.status) || (record.type !== "compute.instance" && record.type !== "network.loadBalancer")) continue;
      const endpoint = endpointOf(record);
      if (endpoint && endpoint.host === host && endpoint.port === port && isOwnBackend(rt, record)) return true;
    }
  }
  return false;
}
