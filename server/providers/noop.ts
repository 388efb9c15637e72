import { randomUUID } from "node:crypto";
import { z } from "zod";
import { RESOURCE_TYPES, type ResourceType } from "@/lib/catalog/define";
import { previousAttributes } from "./previous";
import { defineProvider, ProviderError, type CreateSpec, type ProviderDriver, type ProviderResource } from "./types";

/**
 * A provider that does nothing, instantly: engine benchmarks measure the engine, not a cloud. It keeps the
 * contract (idempotent create, NOT_FOUND, idempotent delete) so engine tests can run on it too. State is an
 * in-memory map and dies with the process; no latency, no faults, no quotas.
 */

const REGIONS = ["local"] as const;
const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const tagsSchema = z.record(z.string(), z.string());

type Entry = { resource: ProviderResource; lastUpdateKey?: string; deletedBy?: string };

function invalid(message: string): ProviderError {
  return new ProviderError("INVALID_SPEC", `noop: ${message}`);
}

function members(externalId: string, count: number): Record<string, unknown> {
  return { instanceIds: Array.from({ length: count }, (_, i) => `${externalId}-${i}`), size: count };
}

/** Spec fields other than name/region/tags become attributes, so step outputs have something to read. */
function attributesFor(type: ResourceType, externalId: string, spec: CreateSpec): Record<string, unknown> {
  const { name: _name, region: _region, tags: _tags, ...rest } = spec;
  const desired = typeof rest.desired === "number" ? rest.desired : 0;
  const zone = typeof rest.zone === "string" ? rest.zone : "stratus.local";
  // A new record replaced nothing; the catalog's dns-record step reads fqdn and previousValue.
  const dns = type === "dns.record" ? { fqdn: `${spec.name}.${zone}`, previousValue: "" } : {};
  return { ...rest, id: externalId, ...(type === "compute.group" ? members(externalId, desired) : {}), ...dns };
}

/** Runs synchronous work as an API call: a thrown ProviderError becomes a rejected promise. */
function call<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export function createNoopDriver(): ProviderDriver {
  const byId = new Map<string, Entry>();
  const byKey = new Map<string, Entry>();

  function assertSupported(type: string): void {
    if (!(RESOURCE_TYPES as readonly string[]).includes(type)) throw new ProviderError("UNSUPPORTED", `noop has no resource type ${type}`);
  }

  function live(type: ResourceType, externalId: string): Entry {
    assertSupported(type);
    const entry = byId.get(externalId);
    if (!entry || entry.resource.type !== type || entry.resource.status === "deleted") {
      throw new ProviderError("NOT_FOUND", `noop: ${type} ${externalId} does not exist`);
    }
    return entry;
  }

  /** A deployment sets its target's image, like the other drivers, and reports what ran there before. */
  function deploy(spec: CreateSpec): Record<string, unknown> {
    const target = typeof spec.target === "string" ? spec.target : "";
    const artifact = typeof spec.artifact === "string" ? spec.artifact : "sample-web";
    if (target === "") return { artifact, previousArtifact: "", updatedInstances: 0 };
    const entry = byId.get(target);
    const found = entry?.resource;
    if (!found || found.status === "deleted" || (found.type !== "compute.instance" && found.type !== "compute.group")) {
      throw invalid(`target: ${target} is not a live instance or group`);
    }
    const previousArtifact = typeof found.attributes.image === "string" ? found.attributes.image : "sample-web";
    found.attributes = { ...found.attributes, image: artifact };
    const size = found.attributes.size;
    const updatedInstances = found.type === "compute.group" ? (typeof size === "number" ? size : 0) : 1;
    return { artifact, previousArtifact, updatedInstances };
  }

  function create(type: ResourceType, spec: CreateSpec, idempotencyKey: string): ProviderResource {
    assertSupported(type);
    const existing = byKey.get(idempotencyKey);
    if (existing) return structuredClone(existing.resource);
    if (typeof spec.name !== "string" || !NAME.test(spec.name)) {
      throw invalid("name: use lower-case letters, digits and dashes, starting with a letter (at most 63)");
    }
    if (!(REGIONS as readonly string[]).includes(spec.region)) {
      throw invalid(`region ${String(spec.region)} does not exist; choose one of ${REGIONS.join(", ")}`);
    }
    const externalId = `noop-${randomUUID()}`;
    const attributes = { ...attributesFor(type, externalId, spec), ...(type === "app.deployment" ? deploy(spec) : {}) };
    const resource: ProviderResource = { externalId, type, region: spec.region, name: spec.name, status: "ready", attributes, tags: { ...spec.tags }, costPerHour: 0 };
    const entry: Entry = { resource };
    byId.set(externalId, entry);
    byKey.set(idempotencyKey, entry);
    return structuredClone(resource);
  }

  function update(type: ResourceType, externalId: string, changes: Record<string, unknown>, idempotencyKey: string): ProviderResource {
    const entry = live(type, externalId);
    const { resource } = entry;
    // A retried update answers as the first one did instead of recording itself as its own "previous".
    if (entry.lastUpdateKey === idempotencyKey) return structuredClone(resource);
    const { tags, ...rest } = changes;
    const parsedTags = tags === undefined ? undefined : tagsSchema.safeParse(tags);
    if (parsedTags && !parsedTags.success) throw invalid("tags: must map names to strings");
    const previous = Object.fromEntries(Object.keys(rest).map((key) => [key, resource.attributes[key]]));
    const resized = type === "compute.group" && typeof rest.desired === "number" ? members(externalId, rest.desired) : {};
    resource.attributes = { ...resource.attributes, ...rest, ...resized, ...previousAttributes(previous) };
    if (parsedTags) resource.tags = parsedTags.data;
    entry.lastUpdateKey = idempotencyKey;
    return structuredClone(resource);
  }

  return {
    id: "noop",
    label: "No-op (benchmarks)",
    isSimulated: true,
    regions: REGIONS,
    supports: RESOURCE_TYPES,
    create: (type, spec, { idempotencyKey }) => call(() => create(type, spec, idempotencyKey)),
    get: (type, externalId) => call(() => structuredClone(live(type, externalId).resource)),
    update: (type, externalId, changes, { idempotencyKey }) => call(() => update(type, externalId, changes, idempotencyKey)),
    delete: (type, externalId, { idempotencyKey }) =>
      call(() => {
        assertSupported(type);
        const entry = byId.get(externalId);
        if (!entry) return { existed: false };
        if (entry.resource.type !== type && entry.resource.status !== "deleted") throw new ProviderError("NOT_FOUND", `noop: ${type} ${externalId} does not exist (that id is a ${entry.resource.type})`);
        // Already gone: succeeds; the delete that removed it, replayed, still says it existed.
        if (entry.resource.status === "deleted") return { existed: entry.resource.type === type && entry.deletedBy === idempotencyKey };
        entry.resource.status = "deleted";
        entry.deletedBy = idempotencyKey;
        return { existed: true };
      }),
    list: (type) =>
      call(() =>
        [...byId.values()]
          .map((e) => e.resource)
          .filter((r) => r.status !== "deleted" && (type === undefined || r.type === type))
          .map((r) => structuredClone(r)),
      ),
    metrics: (type, externalId) =>
      call(() => {
        live(type, externalId);
        return { cpuPercent: 0, memoryPercent: 0, requestsPerSecond: 0, latencyMs: 0 };
      }),
  };
}

/** The registry's factory: each call is a fresh, empty no-op cloud. */
export const noopProvider = defineProvider(() => createNoopDriver());
