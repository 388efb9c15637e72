import "server-only";
import path from "node:path";
import type { ResourceType } from "@/lib/catalog/define";
import { bucketHandler } from "./buckets";
import { deploymentHandler } from "./deployments";
import { dnsHandler } from "./dns";
import { groupHandler } from "./groups";
import { instanceHandler } from "./instances";
import { loadBalancerHandler } from "./load-balancers";
import { firewallHandler, subnetHandler, vpcHandler } from "./networks";
import { startBucketSweeper } from "./retention";
import { type Handler, type Runtime, markLost, recordsOf } from "./runtime";
import { openStore } from "./store";

export const HANDLERS: Record<ResourceType, Handler> = {
  "compute.instance": instanceHandler,
  "compute.group": groupHandler,
  "storage.bucket": bucketHandler,
  "network.vpc": vpcHandler,
  "network.subnet": subnetHandler,
  "network.firewall": firewallHandler,
  "network.loadBalancer": loadBalancerHandler,
  "dns.record": dnsHandler,
  "app.deployment": deploymentHandler,
};

/** Instances before the groups that own them, groups before the load balancers that point at them. */
const ADOPTION_ORDER: ResourceType[] = [
  "network.vpc",
  "network.subnet",
  "network.firewall",
  "dns.record",
  "storage.bucket",
  "compute.instance",
  "compute.group",
  "network.loadBalancer",
  "app.deployment",
];

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Takes back what a previous server process left: finishes interrupted deletes, re-adopts or marks lost. */
async function adoptAll(rt: Runtime): Promise<void> {
  const { state } = rt.store;
  for (const record of Object.values(state.resources).filter((r) => r.status === "deleting")) {
    try {
      await HANDLERS[record.type].delete(rt, record);
      delete state.resources[record.externalId];
      for (const [key, id] of Object.entries(state.keys)) if (id === record.externalId) delete state.keys[key];
    } catch (error) {
      markLost(rt, record, `an interrupted delete could not finish: ${describeError(error)}`);
    }
  }
  for (const type of ADOPTION_ORDER) {
    // Group members are the group's business: it keeps the live ones and replaces the rest.
    const records = recordsOf(rt, type).filter((r) => !(type === "compute.instance" && typeof r.attributes.groupId === "string"));
    await Promise.all(
      records.map(async (record) => {
        try {
          await HANDLERS[type].adopt?.(rt, record);
        } catch (error) {
          markLost(rt, record, `could not be re-adopted: ${describeError(error)}`);
        }
      }),
    );
  }
  await rt.store.save();
}

async function startRuntime(root: string, now: () => Date, after: Promise<void> | undefined): Promise<Runtime> {
  // A runtime closing on the same folder flushes its state first.
  await after;
  const store = await openStore(root);
  const rt: Runtime = { root, store, now, background: new Map(), cpuSamples: new Map(), inflight: new Map(), isClosed: false };
  await adoptAll(rt);
  startBucketSweeper(rt);
  return rt;
}

type Shared = { runtime: Promise<Runtime>; users: number };

// One runtime per data folder in this process: two drivers on one folder would run two supervisors per
// group and overwrite each other's state file.
const shared = new Map<string, Shared>();
const closing = new Map<string, Promise<void>>();

export function acquireRuntime(dataDir: string, now: () => Date): { root: string; runtime: Promise<Runtime> } {
  const root = path.resolve(dataDir, "local-provider");
  let entry = shared.get(root);
  if (!entry) {
    const runtime = startRuntime(root, now, closing.get(root));
    const created: Shared = { runtime, users: 0 };
    entry = created;
    shared.set(root, created);
    // A failed start is reported to every caller; the next driver on this folder tries again.
    runtime.catch(() => {
      if (shared.get(root) === created) shared.delete(root);
    });
  }
  entry.users += 1;
  return { root, runtime: entry.runtime };
}

/** The runtimes open in this process, for lookups across data folders (local endpoints, see endpoints.ts). */
export async function openRuntimes(): Promise<Runtime[]> {
  const settled = await Promise.allSettled([...shared.values()].map((entry) => entry.runtime));
  return settled.flatMap((result) => (result.status === "fulfilled" && !result.value.isClosed ? [result.value] : []));
}

/** Stops supervisors and proxies once the last driver on the folder closes; processes keep running. */
export async function releaseRuntime(root: string): Promise<void> {
  const entry = shared.get(root);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  shared.delete(root);
  const done = (async () => {
    const rt = await entry.runtime.catch(() => undefined);
    if (!rt) return;
    rt.isClosed = true;
    await Promise.all([...rt.background.values()].map((work) => work.stop()));
    rt.background.clear();
    await rt.store.save();
  })();
  closing.set(root, done);
  try {
    await done;
  } finally {
    if (closing.get(root) === done) closing.delete(root);
  }
}
