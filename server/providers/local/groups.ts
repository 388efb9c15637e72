import "server-only";
import { z } from "zod";
import { ProviderError } from "../types";
import { isInstanceRunning, processOf, runSpecSchema, stopProcess } from "./instance-process";
import { checkQuota, checkSubnet, measureInstance, startInstance } from "./instances";
import { canConnect } from "./net";
import { type Handler, type Runtime, parseSpec, recordsOf, stopBackground, touch } from "./runtime";
import type { LocalRecord } from "./store";

const COUNT = z.number().int().min(0).max(100);

const groupSpecSchema = runSpecSchema
  .extend({
    size: z.string().default("small"),
    port: z.number().int().min(1).max(65_535).optional(),
    subnet: z.string().trim().default(""),
    min: COUNT.default(0),
    desired: COUNT.default(1),
    max: COUNT.default(100),
  })
  .refine((g) => g.min <= g.desired && g.desired <= g.max, { message: "needs min <= desired <= max", path: ["desired"] });

const changesSchema = z.strictObject({ desired: COUNT.optional(), min: COUNT.optional(), max: COUNT.optional() });

const SUPERVISE_EVERY_MS = 1000;

export function membersOf(rt: Runtime, groupId: string): LocalRecord[] {
  return recordsOf(rt, "compute.instance")
    .filter((r) => r.attributes.groupId === groupId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.externalId.localeCompare(b.externalId));
}

function groupSpec(record: LocalRecord) {
  return parseSpec(groupSpecSchema, record.spec, "compute.group");
}

/** Starts one more member process; the member is an instance record tied to the group. */
export async function addMember(rt: Runtime, group: LocalRecord, run: { image?: string }, signal?: AbortSignal): Promise<LocalRecord> {
  const spec = groupSpec(group);
  const seq = typeof group.attributes.nextMember === "number" ? group.attributes.nextMember : 1;
  group.attributes.nextMember = seq + 1;
  const now = rt.now().toISOString();
  const member: LocalRecord = {
    externalId: `inst-${group.externalId.slice(4)}-${seq}`,
    type: "compute.instance",
    region: group.region,
    name: `${group.name}-${seq}`,
    status: "creating",
    attributes: { groupId: group.externalId },
    tags: { ...group.tags },
    spec: { name: `${group.name}-${seq}`, region: group.region, image: run.image ?? spec.image, command: spec.command, env: spec.env, size: spec.size, port: spec.port, subnet: spec.subnet },
    createdAt: now,
    updatedAt: now,
  };
  rt.store.state.resources[member.externalId] = member;
  await rt.store.save();
  try {
    await startInstance(rt, member, signal);
  } catch (error) {
    delete rt.store.state.resources[member.externalId];
    await rt.store.save();
    throw error;
  }
  member.status = "ready";
  touch(rt, member);
  await rt.store.save();
  return member;
}

export async function removeMember(rt: Runtime, member: LocalRecord): Promise<void> {
  await stopProcess(rt, member, { removeFiles: true });
  delete rt.store.state.resources[member.externalId];
}

/** instanceIds lists the members that serve: not one still starting, not one whose process died. */
function describeMembers(rt: Runtime, group: LocalRecord): void {
  const members = membersOf(rt, group.externalId).filter((m) => m.status === "ready" && isInstanceRunning(m));
  group.attributes = { ...group.attributes, instanceIds: members.map((m) => m.externalId), size: members.length };
}

/** Replaces members whose process died and scales to the desired count; errors leave the rest in place. */
export async function reconcile(rt: Runtime, group: LocalRecord, signal?: AbortSignal): Promise<void> {
  const { desired } = groupSpec(group);
  let members = membersOf(rt, group.externalId);
  const dead = members.filter((m) => !isInstanceRunning(m));
  for (const member of dead) await removeMember(rt, member);
  if (dead.length > 0) {
    group.attributes.replacements = (typeof group.attributes.replacements === "number" ? group.attributes.replacements : 0) + dead.length;
  }
  members = membersOf(rt, group.externalId);
  try {
    for (let n = members.length; n < desired; n++) await addMember(rt, group, {}, signal);
    // Scale in from the newest, which have served the least.
    for (const extra of members.slice(desired).reverse()) await removeMember(rt, extra);
    delete group.attributes.lastError;
  } finally {
    describeMembers(rt, group);
    touch(rt, group);
    await rt.store.save();
  }
}

/** Every second, under the group's lock: a busy group (deploying, scaling) is left alone for that tick. */
export function superviseGroup(rt: Runtime, groupId: string): void {
  let failures = 0;
  let skipUntil = 0;
  const timer = setInterval(() => {
    if (rt.isClosed || rt.store.isLocked(groupId) || Date.now() < skipUntil) return;
    void rt.store.withLock(groupId, async () => {
      // Read under the lock: a delete that held it has removed the group by now.
      const group = rt.store.state.resources[groupId];
      if (rt.isClosed || !group || group.status === "deleting" || group.status === "failed") return;
      try {
        await reconcile(rt, group);
        failures = 0;
      } catch (error) {
        // A member that cannot start (bad command) must not be retried in a tight loop.
        failures += 1;
        skipUntil = Date.now() + Math.min(30_000, 1000 * 2 ** failures);
        group.attributes.lastError = error instanceof Error ? error.message : String(error);
        await rt.store.save().catch(() => undefined);
      }
    });
  }, SUPERVISE_EVERY_MS);
  timer.unref();
  rt.background.set(groupId, {
    stop: () => {
      clearInterval(timer);
      return Promise.resolve();
    },
  });
}

function groupMetrics(rt: Runtime, group: LocalRecord): Record<string, number> {
  const samples = membersOf(rt, group.externalId).map((m) => measureInstance(rt, m));
  const up = samples.filter((s) => s.up === 1);
  const sum = (key: string) => up.reduce((total, s) => total + (s[key] ?? 0), 0);
  return {
    instances: samples.length,
    healthy: up.length,
    desired: groupSpec(group).desired,
    cpuPercent: up.length > 0 ? Math.round((sum("cpuPercent") / up.length) * 100) / 100 : 0,
    memoryBytes: sum("memoryBytes"),
    replacements: typeof group.attributes.replacements === "number" ? group.attributes.replacements : 0,
  };
}

export const groupHandler: Handler = {
  prefix: "grp",
  check(rt, spec) {
    const parsed = parseSpec(groupSpecSchema, spec, "compute.group");
    checkSubnet(rt, parsed.subnet, "compute.group");
    checkQuota(rt, parsed.desired);
  },
  async create(rt, record, signal) {
    const spec = groupSpec(record);
    record.attributes = { desired: spec.desired, min: spec.min, max: spec.max, image: spec.image, instanceIds: [], size: 0, replacements: 0, nextMember: 1 };
    await reconcile(rt, record, signal);
    superviseGroup(rt, record.externalId);
  },
  async update(rt, record, changes, signal) {
    const parsed = parseSpec(changesSchema, changes, "compute.group update");
    const before = groupSpec(record);
    const next = { ...before, ...parsed };
    if (!(next.min <= next.desired && next.desired <= next.max)) {
      throw new ProviderError("INVALID_SPEC", `local compute.group ${record.name}: desired ${next.desired} must lie within min ${next.min} and max ${next.max}.`);
    }
    if (next.desired > before.desired) checkQuota(rt, next.desired - membersOf(rt, record.externalId).length);
    record.spec = { ...record.spec, ...parsed };
    record.attributes = { ...record.attributes, desired: next.desired, min: next.min, max: next.max, previousDesired: before.desired };
    await reconcile(rt, record, signal);
  },
  async delete(rt, record) {
    await stopBackground(rt, record.externalId);
    for (const member of membersOf(rt, record.externalId)) await removeMember(rt, member);
  },
  async refresh(rt, record) {
    describeMembers(rt, record);
    await Promise.resolve();
  },
  async adopt(rt, record) {
    // Members that survived keep serving; the supervisor's first tick replaces the others.
    for (const member of membersOf(rt, record.externalId)) {
      const proc = processOf(member);
      const isAlive = proc !== undefined && isInstanceRunning(member) && (await canConnect(proc.port, 1000));
      if (isAlive) member.status = "ready";
      else member.status = "failed";
    }
    if (record.status === "creating" || record.status === "updating") record.status = "ready";
    describeMembers(rt, record);
    superviseGroup(rt, record.externalId);
  },
  async metrics(rt, record) {
    return Promise.resolve(groupMetrics(rt, record));
  },
};
