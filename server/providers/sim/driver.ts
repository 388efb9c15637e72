import "server-only";
import { RESOURCE_TYPES, type ResourceType } from "@/lib/catalog/define";
import type { SimObject } from "@/db/schema";
import { ProviderError, type ProviderContext, type ProviderDriver } from "../types";
import { createFaults, type FaultSettings } from "./faults";
import { simMetrics } from "./metrics";
import { placeNew, planChange, type SideEffect } from "./placement";
import { findRegion, type Quotas, type SimProfile } from "./profiles";
import { hexFrom } from "./random";
import { applyChanges, parseSpec } from "./specs";
import { loadRow, type Loaded } from "./state";
import { findById, findByKey, insertObject, listLive, markDeleted, saveState, withProviderLock, type Tx } from "./store";
import { toResource } from "./view";
import type { World } from "./world";

export type SimSettings = { profile: SimProfile; quotas: Quotas; faults: FaultSettings };

/**
 * One simulated cloud over the sim_objects table. Every call pays the API latency and may meet an injected
 * fault first; writes run under the provider lock. A "dropped reply" is thrown only after the work is
 * committed, and only when the call did new work: a replay (same idempotency key) answers normally.
 */
export function createSimDriverFrom(context: ProviderContext, settings: SimSettings): ProviderDriver {
  const { profile, quotas } = settings;
  const provider = profile.id;
  const faults = createFaults(provider, profile.unavailableCode, settings.faults);
  const { db } = context;

  function assertSupported(type: string): void {
    if (!(RESOURCE_TYPES as readonly string[]).includes(type)) throw new ProviderError("UNSUPPORTED", `${provider} has no resource type ${type}`);
  }

  function notFound(type: ResourceType, externalId: string, why: string): ProviderError {
    return new ProviderError("NOT_FOUND", `${provider}: ${type} ${externalId} ${why}`);
  }

  async function findLive(q: Tx | typeof db, type: ResourceType, externalId: string): Promise<Loaded> {
    const row = await findById(q, provider, externalId);
    if (!row) throw notFound(type, externalId, "does not exist");
    if (row.type !== type) throw notFound(type, externalId, `does not exist (that id is a ${row.type})`);
    if (row.deletedAt) throw notFound(type, externalId, `was deleted at ${row.deletedAt.toISOString()}`);
    return loadRow(row);
  }

  async function loadWorld(tx: Tx, regionId: string): Promise<World> {
    const regionIndex = profile.regions.findIndex((r) => r.id === regionId);
    const region = profile.regions[regionIndex];
    if (!region) throw new ProviderError("INVALID_SPEC", `${provider}: region ${regionId} does not exist`);
    return { profile, region, regionIndex, objects: (await listLive(tx, provider)).map(loadRow) };
  }

  async function applySideEffects(tx: Tx, effects: readonly SideEffect[]): Promise<void> {
    for (const effect of effects) await saveState(tx, provider, effect.externalId, effect.state);
  }

  function newId(type: ResourceType, name: string, idempotencyKey: string): string {
    const suffix = hexFrom(`${provider}:${idempotencyKey}`, 12);
    // Bucket names are their ids, as in S3 / GCS; the suffix keeps them unique like people do by hand.
    return type === "storage.bucket" ? `${name.slice(0, 50)}-${suffix}` : `${profile.idPrefix[type]}${suffix}`;
  }

  function assertSameRequest(existing: SimObject, type: ResourceType, name: string, region: string, idempotencyKey: string): void {
    if (existing.type === type && existing.name === name && existing.region === region) return;
    throw new ProviderError(
      "CONFLICT",
      `${provider}: idempotency key ${idempotencyKey} was already used for ${existing.type} ${existing.name} (${existing.externalId}) in ${existing.region}`,
    );
  }

  return {
    id: provider,
    label: profile.label,
    isSimulated: true,
    regions: profile.regions.map((r) => r.id),
    supports: RESOURCE_TYPES,

    async create(type, spec, { idempotencyKey, signal }) {
      assertSupported(type);
      const at = typeof spec.region === "string" && findRegion(profile, spec.region) ? `${provider} ${spec.region}` : provider;
      const ticket = await faults.enter(`create ${type}`, at, signal);
      const next = parseSpec(provider, type, spec);
      const { name, region } = next.spec;
      if (!findRegion(profile, region)) {
        throw new ProviderError("INVALID_SPEC", `${provider}: region ${region} does not exist; choose one of ${profile.regions.map((r) => r.id).join(", ")}`);
      }
      const { row, isNew } = await withProviderLock(db, provider, async (tx) => {
        const existing = await findByKey(tx, provider, idempotencyKey);
        if (existing) {
          assertSameRequest(existing, type, name, region, idempotencyKey);
          return { row: existing, isNew: false };
        }
        const externalId = newId(type, name, idempotencyKey);
        const { facts, sideEffects } = placeNew(await loadWorld(tx, region), quotas, externalId, next);
        const state = { spec: next.spec, facts };
        const inserted = await insertObject(tx, { provider, externalId, type, region, name, idempotencyKey, state, createdAt: context.now() });
        await applySideEffects(tx, sideEffects);
        return { row: inserted, isNew: true };
      });
      if (isNew && ticket.dropsReply) throw faults.droppedReply(`create ${type} ${row.externalId}`, at);
      return toResource(profile, loadRow(row));
    },

    async get(type, externalId, options) {
      assertSupported(type);
      await faults.enter(`get ${type} ${externalId}`, provider, options?.signal);
      return toResource(profile, await findLive(db, type, externalId));
    },

    async update(type, externalId, changes, { idempotencyKey, signal }) {
      assertSupported(type);
      const ticket = await faults.enter(`update ${type} ${externalId}`, provider, signal);
      const { row, isNew } = await withProviderLock(db, provider, async (tx) => {
        const current = await findLive(tx, type, externalId);
        // The same key again is a retry of an update already applied: answer as the first time did.
        if (current.lastUpdate?.key === idempotencyKey) return { row: current.row, isNew: false };
        const next = applyChanges(provider, current, externalId, changes);
        const { facts, sideEffects } = planChange(await loadWorld(tx, current.row.region), quotas, current, next);
        const before: Record<string, unknown> = { ...current.spec };
        const previous = Object.fromEntries(Object.keys(changes).map((key) => [key, before[key]]));
        const saved = await saveState(tx, provider, externalId, { spec: next.spec, facts, lastUpdate: { key: idempotencyKey, previous } });
        await applySideEffects(tx, sideEffects);
        return { row: saved, isNew: true };
      });
      if (isNew && ticket.dropsReply) throw faults.droppedReply(`update ${type} ${externalId}`, `${provider} ${row.region}`);
      return toResource(profile, loadRow(row));
    },

    async delete(type, externalId, { idempotencyKey, signal }) {
      assertSupported(type);
      const ticket = await faults.enter(`delete ${type} ${externalId}`, provider, signal);
      const row = await findById(db, provider, externalId);
      if (!row || (row.deletedAt && row.type !== type)) return { existed: false };
      // A live object of another type is a wrong id, not "already deleted": deleting must not pass silently.
      if (row.type !== type) throw notFound(type, externalId, `does not exist (that id is a ${row.type})`);
      // Already gone: nothing to do twice; the delete that removed it, replayed, still says it existed.
      if (row.deletedAt) return { existed: loadRow(row).deletedBy === idempotencyKey };
      const isDeleted = await markDeleted(db, provider, externalId, context.now(), idempotencyKey);
      if (isDeleted && ticket.dropsReply) throw faults.droppedReply(`delete ${type} ${externalId}`, `${provider} ${row.region}`);
      return { existed: isDeleted };
    },

    async list(type) {
      if (type !== undefined) assertSupported(type);
      await faults.enter(type ? `list ${type}` : "list resources", provider);
      const rows = await listLive(db, provider, type ? { types: [type] } : {});
      return rows.map((row) => toResource(profile, loadRow(row)));
    },

    async metrics(type, externalId) {
      assertSupported(type);
      await faults.enter(`read metrics of ${type} ${externalId}`, provider);
      return simMetrics(await findLive(db, type, externalId), context.now());
    },
  };
}
