import "server-only";
import { z } from "zod";
import { ProviderError } from "../types";
import { isInstanceRunning, processOf, runSpecSchema, startProcess, stopProcess } from "./instance-process";
import { canConnect } from "./net";
import { processUsage } from "./process";
import { type Handler, type Runtime, findRecord, markLost, parseSpec, recordsOf, touch } from "./runtime";
import type { LocalRecord } from "./store";

/** Processes this host may run for the local provider at once, instances and group members together. */
export const PROCESS_QUOTA = 64;

const instanceSpecSchema = runSpecSchema.extend({
  size: z.string().default("small"),
  port: z.number().int().min(1).max(65_535).optional(),
  subnet: z.string().trim().default(""),
  assignPublicIp: z.boolean().default(false),
});

const changesSchema = z.strictObject({
  image: z.string().trim().min(1).max(500).optional(),
  command: z.string().max(2000).optional(),
  env: z.record(z.string().min(1).max(128), z.string().max(2000)).optional(),
});

export function liveProcessCount(rt: Runtime): number {
  return recordsOf(rt, "compute.instance").filter((r) => r.status !== "failed").length;
}

export function checkQuota(rt: Runtime, requested: number): void {
  const inUse = liveProcessCount(rt);
  if (inUse + requested > PROCESS_QUOTA) {
    throw new ProviderError("QUOTA_EXCEEDED", `local: process quota of ${PROCESS_QUOTA} reached (requested ${requested}, in use ${inUse}).`);
  }
}

/** A subnet reference must name a local subnet; empty means the host's own network. */
export function checkSubnet(rt: Runtime, subnet: string, what: string): void {
  if (subnet !== "" && !findRecord(rt, "network.subnet", subnet)) {
    throw new ProviderError("INVALID_SPEC", `local ${what}: subnet ${subnet} does not exist on the local provider.`);
  }
}

/** Records the non-process facts of an instance and starts its process. */
export async function startInstance(rt: Runtime, record: LocalRecord, signal?: AbortSignal): Promise<void> {
  const spec = parseSpec(instanceSpecSchema, record.spec, "compute.instance");
  record.attributes = { ...record.attributes, size: spec.size, appPort: spec.port ?? null, subnetId: spec.subnet, assignPublicIp: spec.assignPublicIp };
  await startProcess(rt, record, spec, { signal });
}

/** CPU (over the interval since the previous call, else since start) and memory, measured from /proc. */
export function measureInstance(rt: Runtime, record: LocalRecord): Record<string, number> {
  const proc = processOf(record);
  if (!proc || !isInstanceRunning(record)) return { up: 0, cpuPercent: 0, memoryBytes: 0, processes: 0 };
  const usage = processUsage(proc.pid);
  if (!usage) return { up: 0, cpuPercent: 0, memoryBytes: 0, processes: 0 };
  const now = Date.now();
  const previous = rt.cpuSamples.get(proc.pid);
  rt.cpuSamples.set(proc.pid, { at: now, cpuSeconds: usage.cpuSeconds });
  const elapsed = previous ? (now - previous.at) / 1000 : usage.uptimeSeconds;
  const used = previous ? usage.cpuSeconds - previous.cpuSeconds : usage.cpuSeconds;
  const cpuPercent = elapsed > 0 ? Math.max(0, (used / elapsed) * 100) : 0;
  return {
    up: 1,
    cpuPercent: Math.round(cpuPercent * 100) / 100,
    cpuSeconds: usage.cpuSeconds,
    memoryBytes: usage.rssBytes,
    memoryMb: Math.round((usage.rssBytes / 1048576) * 10) / 10,
    uptimeSeconds: Math.round(usage.uptimeSeconds),
    processes: usage.processes,
  };
}

export const instanceHandler: Handler = {
  prefix: "inst",
  check(rt, spec) {
    const parsed = parseSpec(instanceSpecSchema, spec, "compute.instance");
    checkSubnet(rt, parsed.subnet, "compute.instance");
    checkQuota(rt, 1);
  },
  create: startInstance,
  async update(rt, record, changes, signal) {
    const parsed = parseSpec(changesSchema, changes, "compute.instance update");
    if (Object.keys(parsed).length === 0) return;
    if (typeof record.attributes.groupId === "string") {
      throw new ProviderError("CONFLICT", `local: instance ${record.externalId} belongs to group ${record.attributes.groupId}; change the group instead.`);
    }
    // A new image or command means a new process; it keeps the port so the instance's url stays valid.
    record.spec = { ...record.spec, ...parsed };
    const port = processOf(record)?.port;
    await stopProcess(rt, record, { removeFiles: false });
    await startProcess(rt, record, parseSpec(runSpecSchema, record.spec, "compute.instance"), { signal, port });
  },
  async delete(rt, record) {
    await stopProcess(rt, record, { removeFiles: true });
  },
  async refresh(rt, record) {
    if (record.status === "ready" && !isInstanceRunning(record)) {
      markLost(rt, record, `process ${String(record.attributes.pid)} is no longer running`);
      await rt.store.save();
    }
  },
  async adopt(rt, record) {
    const proc = processOf(record);
    // Alive is not enough: a pid can be recycled and a process can hang, so the port must answer too.
    if (proc && isInstanceRunning(record) && (await canConnect(proc.port, 1000))) {
      if (record.status === "creating" || record.status === "updating") record.status = "ready";
      if (record.status === "ready") touch(rt, record);
      return;
    }
    if (record.status !== "failed") markLost(rt, record, proc ? `process ${proc.pid} did not survive the restart` : "its process never started");
    // A stray group (e.g. a shell's child that outlived it) must not keep running unmanaged.
    await stopProcess(rt, record, { removeFiles: false });
  },
  metrics(rt, record) {
    return Promise.resolve(measureInstance(rt, record));
  },
};
