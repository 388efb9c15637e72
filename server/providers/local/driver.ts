import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { RESOURCE_TYPES, type ResourceType } from "@/lib/catalog/define";
import { previousAttributes } from "../previous";
import { type CallOptions, type CreateSpec, type ProviderContext, type ProviderDriver, ProviderError, type ProviderResource } from "../types";
import { HANDLERS, acquireRuntime, releaseRuntime } from "./lifecycle";
import { abortError } from "./net";
import { type Runtime, REGION, parseSpec, touch } from "./runtime";
import type { LocalRecord } from "./store";

/** Names become folder and process names, so they keep to the catalog's safe alphabet. */
const NAME = /^[a-z][a-z0-9-]{0,62}$/;

const baseSpecSchema = z.object({
  name: z.string({ error: "is required" }).regex(NAME, "use lower-case letters, digits and dashes, starting with a letter (at most 63)"),
  region: z.string().trim().min(1),
  tags: z.record(z.string(), z.string()).default({}),
});
const tagsSchema = z.record(z.string(), z.string()).optional();

function toResource(record: LocalRecord): ProviderResource {
  return {
    externalId: record.externalId,
    type: record.type,
    region: record.region,
    name: record.name,
    status: record.status,
    attributes: structuredClone(record.attributes),
    tags: { ...record.tags },
    // Processes and folders on this host cost nothing extra.
    costPerHour: 0,
  };
}

function notFound(type: ResourceType, id: string, record?: LocalRecord): ProviderError {
  const detail = record ? ` (${id} is a ${record.type})` : "";
  return new ProviderError("NOT_FOUND", `local: no ${type} ${id}${detail}.`);
}

function sameType(record: LocalRecord, type: ResourceType, key: string): LocalRecord {
  if (record.type !== type) throw new ProviderError("CONFLICT", `local: idempotency key ${key} already created ${record.type} ${record.externalId}, not a ${type}.`);
  return record;
}

async function createRecord(rt: Runtime, type: ResourceType, spec: CreateSpec, options: CallOptions): Promise<LocalRecord> {
  const handler = HANDLERS[type];
  const base = parseSpec(baseSpecSchema, spec, type);
  if (base.region !== REGION) throw new ProviderError("INVALID_SPEC", `local: the local provider has one region, ${REGION} (got ${base.region}).`);
  // Checks and the insert happen under one lock: two overlapping subnets created at once cannot both pass.
  const prepared = await rt.store.withLock("catalog", async () => {
    HANDLERS[type].check?.(rt, spec);
    const existing = handler.findExisting?.(rt, spec);
    if (existing) return { existing };
    const now = rt.now().toISOString();
    const record: LocalRecord = {
      externalId: `${handler.prefix}-${randomBytes(6).toString("hex")}`,
      type,
      region: base.region,
      name: base.name,
      status: "creating",
      attributes: {},
      tags: base.tags,
      spec: { ...spec },
      createdAt: now,
      updatedAt: now,
    };
    rt.store.state.resources[record.externalId] = record;
    rt.store.state.keys[options.idempotencyKey] = record.externalId;
    // Recorded before any effect: a crash mid-create leaves something to re-adopt or report, never a leak.
    await rt.store.save();
    return { record };
  });
  if (prepared.existing) {
    const existing = prepared.existing;
    await rt.store.withLock(existing.externalId, () => handler.update?.(rt, existing, spec, options.signal) ?? Promise.resolve());
    rt.store.state.keys[options.idempotencyKey] = existing.externalId;
    touch(rt, existing);
    await rt.store.save();
    return existing;
  }
  const { record } = prepared;
  try {
    await rt.store.withLock(record.externalId, () => handler.create(rt, record, options.signal));
  } catch (error) {
    // Undo the partial effects so a retry starts clean; the error keeps its code (INVALID_SPEC, TIMEOUT …).
    await handler.delete(rt, record).catch(() => undefined);
    delete rt.store.state.resources[record.externalId];
    delete rt.store.state.keys[options.idempotencyKey];
    await rt.store.save();
    throw error;
  }
  record.status = "ready";
  touch(rt, record);
  await rt.store.save();
  return record;
}

/**
 * The local driver: real processes, folders and proxies on this host (see README.md in this folder). Drivers on the
 * same data folder share one runtime; `close()` stops supervisors and proxies but leaves processes running.
 */
export function createLocalDriver(context: Pick<ProviderContext, "dataDir" | "now">): ProviderDriver {
  const { root, runtime: shared } = acquireRuntime(context.dataDir, context.now);
  let isClosed = false;
  const runtime = async () => {
    if (isClosed) throw new ProviderError("UNAVAILABLE", "local: this driver is closed.", { isRetryable: false });
    return shared;
  };
  const refreshed = async (rt: Runtime, record: LocalRecord) => {
    await HANDLERS[record.type].refresh?.(rt, record);
    return toResource(record);
  };

  return {
    id: "local",
    label: "Local host",
    isSimulated: false,
    regions: [REGION],
    supports: RESOURCE_TYPES,
    async create(type, spec, options) {
      const rt = await runtime();
      if (options.signal?.aborted) throw abortError(options.signal, `creating ${type}`);
      const key = options.idempotencyKey;
      const pending = rt.inflight.get(key);
      if (pending) return toResource(sameType(await pending, type, key));
      const knownId = rt.store.state.keys[key];
      const known = knownId ? rt.store.state.resources[knownId] : undefined;
      if (known) return refreshed(rt, sameType(known, type, key));
      const creating = createRecord(rt, type, spec, options);
      rt.inflight.set(key, creating);
      try {
        return toResource(await creating);
      } finally {
        rt.inflight.delete(key);
      }
    },
    async get(type, externalId) {
      const rt = await runtime();
      const record = rt.store.state.resources[externalId];
      if (record?.type !== type) throw notFound(type, externalId, record);
      return refreshed(rt, record);
    },
    async update(type, externalId, changes, options) {
      const rt = await runtime();
      const handler = HANDLERS[type];
      const updateKey = `update:${options.idempotencyKey}`;
      return rt.store.withLock(externalId, async () => {
        const record = rt.store.state.resources[externalId];
        if (record?.type !== type) throw notFound(type, externalId, record);
        // The same update retried is applied once; its result (previousTargets …) stays as first reported.
        if (rt.store.state.keys[updateKey] === externalId) return refreshed(rt, record);
        if (record.status === "failed") throw new ProviderError("CONFLICT", `local: ${type} ${record.name} (${externalId}) has failed; delete and recreate it.`);
        const { tags, ...rest } = changes;
        const newTags = parseSpec(tagsSchema, tags, `${type} update`);
        if (Object.keys(rest).length > 0 && !handler.update) throw new ProviderError("UNSUPPORTED", `local: a ${type} cannot be changed, only its tags.`);
        const before = record.status;
        // What the change replaces, reported as `previous` (+ aliases) like every driver (previous.ts).
        const replaced = Object.fromEntries(Object.keys(rest).map((k) => [k, structuredClone(k in record.attributes ? record.attributes[k] : record.spec[k])]));
        record.status = "updating";
        try {
          if (Object.keys(rest).length > 0) {
            await handler.update?.(rt, record, rest, options.signal);
            record.attributes = { ...record.attributes, ...previousAttributes(replaced) };
          }
          if (newTags) record.tags = newTags;
          record.status = "ready";
          rt.store.state.keys[updateKey] = externalId;
        } catch (error) {
          record.status = before;
          throw error;
        } finally {
          touch(rt, record);
          await rt.store.save();
        }
        return refreshed(rt, record);
      });
    },
    async delete(type, externalId, options) {
      const rt = await runtime();
      const deleteKey = `delete:${options.idempotencyKey}`;
      return rt.store.withLock(externalId, async () => {
        const record = rt.store.state.resources[externalId];
        // Gone: this key's own earlier delete (a retry after a lost reply) still counts as having deleted it.
        if (!record) return { existed: rt.store.state.keys[deleteKey] === externalId };
        if (record.type !== type) throw notFound(type, externalId, record);
        const before = record.status;
        record.status = "deleting";
        await rt.store.save();
        try {
          await HANDLERS[type].delete(rt, record);
        } catch (error) {
          record.status = before;
          await rt.store.save();
          throw error;
        }
        delete rt.store.state.resources[externalId];
        for (const [key, id] of Object.entries(rt.store.state.keys)) if (id === externalId) delete rt.store.state.keys[key];
        rt.store.state.keys[deleteKey] = externalId;
        await rt.store.save();
        return { existed: true };
      });
    },
    async list(type) {
      const rt = await runtime();
      const records = Object.values(rt.store.state.resources).filter((r) => type === undefined || r.type === type);
      return Promise.all(records.map((record) => refreshed(rt, record)));
    },
    async metrics(type, externalId) {
      const rt = await runtime();
      const record = rt.store.state.resources[externalId];
      if (record?.type !== type) throw notFound(type, externalId, record);
      return (await HANDLERS[type].metrics?.(rt, record)) ?? {};
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await releaseRuntime(root);
    },
  };
}
