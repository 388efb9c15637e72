import "server-only";
import { z } from "zod";
import { isHttpUrl } from "@/lib/catalog/steps/fields";
import { ProviderError } from "../types";
import { membersOf } from "./groups";
import { checkSubnet } from "./instances";
import { type Target, startProxy } from "./proxy";
import { type Handler, type Runtime, parseSpec, stopBackground, touch } from "./runtime";
import type { LocalRecord } from "./store";

/** A group id, instance ids or URLs: one string (comma or space separated) or a list. */
const targetsSchema = z.union([z.string().max(10_000), z.array(z.string().max(2000)).max(200)]);

const lbSpecSchema = z.object({
  targets: targetsSchema.default(""),
  listenerPort: z.number().int().min(1).max(65_535).optional(),
  targetPort: z.number().int().min(1).max(65_535).optional(),
  healthCheckPath: z.string().trim().regex(/^\/\S*$/, "must start with /").default("/health"),
  healthCheckIntervalSeconds: z.number().int().min(1).max(300).default(2),
  subnet: z.string().trim().default(""),
  public: z.boolean().default(false),
});

const changesSchema = z.strictObject({ targets: targetsSchema, drainSeconds: z.number().int().min(0).max(3600).optional() });

export function tokens(targets: string | string[]): string[] {
  const list = typeof targets === "string" ? targets.split(/[\s,]+/) : targets;
  return list.map((t) => t.trim()).filter((t) => t !== "");
}

function targetsText(targets: string | string[]): string {
  return tokens(targets).join(",");
}

function checkTargets(rt: Runtime, targets: string | string[], what: string): void {
  for (const token of tokens(targets)) {
    const found = rt.store.state.resources[token];
    if (found && (found.type === "compute.group" || found.type === "compute.instance")) continue;
    if (isHttpUrl(token)) continue;
    throw new ProviderError("INVALID_SPEC", `local ${what}: target ${token} is not a local group, a local instance or an http(s) URL.`);
  }
}

function instanceTarget(record: LocalRecord): Target | undefined {
  const url = record.attributes.url;
  return record.status === "ready" && typeof url === "string" ? { id: record.externalId, url } : undefined;
}

/** The backends behind the targets right now: a group contributes its current members. */
function resolveTargets(rt: Runtime, lbId: string): Target[] {
  const lb = rt.store.state.resources[lbId];
  if (!lb) return [];
  const spec = targetsSchema.safeParse(lb.spec.targets ?? "");
  return backendsOf(rt, spec.success ? tokens(spec.data) : []);
}

function backendsOf(rt: Runtime, list: string[]): Target[] {
  const targets: Target[] = [];
  for (const token of list) {
    const found = rt.store.state.resources[token];
    const instances = found?.type === "compute.group" ? membersOf(rt, token) : found?.type === "compute.instance" ? [found] : [];
    for (const instance of instances) {
      const target = instanceTarget(instance);
      if (target) targets.push(target);
    }
    if (!found && isHttpUrl(token)) targets.push({ id: token, url: token });
  }
  return targets;
}

/**
 * Probes run every 1–2 s whatever the spec asks: local probes cost nothing, and a dead process should
 * leave the rotation within a couple of seconds.
 */
function probeIntervalMs(seconds: number): number {
  return Math.min(2, Math.max(1, seconds)) * 1000;
}

async function runProxy(rt: Runtime, record: LocalRecord, preferredPort: number | undefined): Promise<void> {
  const spec = parseSpec(lbSpecSchema, record.spec, "network.loadBalancer");
  const intervalMs = probeIntervalMs(spec.healthCheckIntervalSeconds);
  const proxy = await startProxy({ preferredPort, healthPath: spec.healthCheckPath, intervalMs, resolveTargets: () => resolveTargets(rt, record.externalId) });
  rt.background.set(record.externalId, { stop: () => proxy.stop(), proxy });
  // One probe round before returning, so traffic flows as soon as create (or a restart) is done.
  await proxy.checkNow();
  record.attributes = {
    ...record.attributes,
    port: proxy.port,
    url: `http://127.0.0.1:${proxy.port}`,
    dnsName: "localhost",
    listenerPort: spec.listenerPort ?? null,
    targets: targetsText(spec.targets),
    healthCheckPath: spec.healthCheckPath,
    healthCheckIntervalSeconds: intervalMs / 1000,
    subnetId: spec.subnet,
    public: spec.public,
    lost: false,
  };
  describeHealth(rt, record);
}

function describeHealth(rt: Runtime, record: LocalRecord): void {
  const proxy = rt.background.get(record.externalId)?.proxy;
  if (!proxy) return;
  const health = proxy.health();
  record.attributes.targetHealth = health.map((t) => ({ target: t.id, url: t.url, isHealthy: t.isHealthy }));
  record.attributes.healthyTargets = health.filter((t) => t.isHealthy).length;
  // Requests still running on backends that are no longer targets: what a switch waits for (update-load-balancer).
  const current = new Set(health.map((t) => t.url));
  const inFlight = [...proxy.inFlight()];
  record.attributes.inFlightRequests = inFlight.reduce((sum, [, n]) => sum + n, 0);
  record.attributes.drainingRequests = inFlight.filter(([url]) => !current.has(url)).reduce((sum, [, n]) => sum + n, 0);
}

export const loadBalancerHandler: Handler = {
  prefix: "lb",
  check(rt, spec) {
    const parsed = parseSpec(lbSpecSchema, spec, "network.loadBalancer");
    checkTargets(rt, parsed.targets, "network.loadBalancer");
    checkSubnet(rt, parsed.subnet, "network.loadBalancer");
  },
  async create(rt, record) {
    await runProxy(rt, record, parseSpec(lbSpecSchema, record.spec, "network.loadBalancer").listenerPort);
  },
  async update(rt, record, changes) {
    const parsed = parseSpec(changesSchema, changes, "network.loadBalancer update");
    checkTargets(rt, parsed.targets, "network.loadBalancer update");
    const previous = typeof record.attributes.targets === "string" ? record.attributes.targets : "";
    // Probed before the switch, so requests never meet new targets whose health is not known yet (a 503).
    const proxy = rt.background.get(record.externalId)?.proxy;
    await proxy?.probe(backendsOf(rt, tokens(parsed.targets)));
    // New requests go to the new targets at once; requests in flight keep their upstream connection and are
    // counted (drainingRequests) until they end, so the step can wait for them before reporting success.
    record.spec = { ...record.spec, targets: targetsText(parsed.targets) };
    record.attributes = { ...record.attributes, targets: targetsText(parsed.targets), previousTargets: previous, drainSeconds: parsed.drainSeconds ?? 0 };
    describeHealth(rt, record);
  },
  async delete(rt, record) {
    await stopBackground(rt, record.externalId);
  },
  async refresh(rt, record) {
    describeHealth(rt, record);
    await Promise.resolve();
  },
  async adopt(rt, record) {
    // The proxy lived in the old server process: start it again, on its old port when that is free.
    const port = typeof record.attributes.port === "number" ? record.attributes.port : undefined;
    try {
      await runProxy(rt, record, port);
      record.status = "ready";
      touch(rt, record);
    } catch (error) {
      record.status = "failed";
      record.attributes = { ...record.attributes, lost: true, reason: `proxy could not restart: ${error instanceof Error ? error.message : String(error)}` };
    }
  },
  async metrics(rt, record) {
    const proxy = rt.background.get(record.externalId)?.proxy;
    return Promise.resolve(proxy?.stats() ?? { requests: 0, errors: 0, healthyTargets: 0, targets: 0 });
  },
};
