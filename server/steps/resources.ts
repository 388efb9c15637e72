import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { resources } from "@/db/schema";
import type { StepDefinition } from "@/lib/catalog/define";
import { ProviderError, type ProviderDriver, type ProviderResource } from "../providers/types";
import type { StepContext, StepImplementation } from "./index";

/**
 * Steps that create, change or delete a provider resource. Creates share one implementation driven by the
 * catalog's `resource`; updates name their target and changeable fields in UPDATE_FIELDS; `dns-record` (an
 * upsert) and `deploy-app` (a deployment record that changes its target) have their own, and so do
 * `delete-resource` (delete-resource.ts) and `update-load-balancer` (its drain wait, update-load-balancer.ts).
 * Every update reports what it replaced (providers/previous.ts), and compensation puts that back.
 */

export const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : fallback);

/**
 * A provider-safe resource name from a step id (`deploy_Green` → `deploy-green`): lower-case letters, digits
 * and dashes, starting with a letter, at most 63 characters, with an optional suffix that always survives.
 */
export function resourceNameFor(stepId: string, suffix = ""): string {
  const tail = suffix ? `-${suffix}` : "";
  let base = stepId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(base)) base = `s-${base}`.replace(/-+$/, "");
  return `${base.slice(0, 63 - tail.length).replace(/-+$/, "")}${tail}`;
}

/** The step's declared outputs from what the provider reports; an `…Id` output falls back to the external id. */
export function outputsOf(step: StepDefinition, r: ProviderResource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(step.outputs)) out[name] = r.attributes[name] ?? (name.endsWith("Id") ? r.externalId : null);
  return out;
}

/**
 * The values an update replaced, for `fields`: what the provider reported (`attributes.previous`, which a
 * retried update answers unchanged), else what the resource showed before the step changed it.
 */
export function replacedValues(r: ProviderResource, fields: readonly string[], before: Record<string, unknown> = {}): Record<string, unknown> {
  const reported = r.attributes.previous;
  const previous = typeof reported === "object" && reported !== null && !Array.isArray(reported) ? (reported as Record<string, unknown>) : {};
  return Object.fromEntries(fields.map((f) => [f, f in previous ? previous[f] : before[f]]));
}

/** The live DNS record named `fqdn`, preferring one in `region` (records are listed across regions). */
export function findRecord(records: readonly ProviderResource[], fqdn: string, region: string): ProviderResource | undefined {
  const live = records.filter((r) => r.attributes.fqdn === fqdn && r.status !== "failed" && r.status !== "deleted" && r.status !== "deleting");
  return live.find((r) => r.region === region) ?? live[0];
}

export function driverOf(ctx: StepContext): { providerId: string; driver: ProviderDriver } {
  const providerId = str(ctx.config.provider, "local");
  return { providerId, driver: ctx.provider(providerId) };
}

function regionOf(ctx: StepContext, driver: ProviderDriver): string {
  return str(ctx.config.region, driver.regions[0] ?? "local");
}

const undoKey = (ctx: StepContext) => `${ctx.idempotencyKey}:undo`;

/** The inventory row of a created resource, committed with the step's result. */
function record(ctx: StepContext, r: ProviderResource, providerId: string) {
  ctx.withResult(async (tx) => {
    await tx
      .insert(resources)
      .values({
        provider: providerId,
        type: r.type,
        region: r.region,
        name: r.name,
        externalId: r.externalId,
        spec: ctx.config,
        attributes: r.attributes,
        status: r.status === "ready" ? "ready" : r.status === "failed" ? "failed" : "creating",
        tags: r.tags,
        costPerHour: r.costPerHour.toFixed(4),
        createdByRunId: ctx.runId,
        createdByStepId: ctx.stepId,
        idempotencyKey: ctx.idempotencyKey,
      })
      .onConflictDoUpdate({ target: [resources.provider, resources.idempotencyKey], set: { attributes: r.attributes, status: "ready" } });
  });
}

/** A rollback deleted what the step created: its inventory row says so, in the same commit. */
function recordDeleted(ctx: StepContext, providerId: string) {
  ctx.withResult(async (tx) => {
    await tx
      .update(resources)
      .set({ status: "deleted", updatedAt: sql`now()` })
      .where(and(eq(resources.provider, providerId), eq(resources.idempotencyKey, ctx.idempotencyKey)));
  });
}

/**
 * For steps that change a resource: which config field names it, which fields are the change, and which
 * output holds each changed field's previous value (compensation writes it back).
 */
const UPDATE_FIELDS: Record<string, { target: string; changes: string[]; restore?: Record<string, string> }> = {
  "scale-group": { target: "group", changes: ["desired"], restore: { desired: "previousSize" } },
  "update-load-balancer": { target: "loadBalancer", changes: ["targets", "drainSeconds"], restore: { targets: "previousTargets" } },
};

/**
 * Whether `resourceStep` can run this step: every create (driven by the catalog's `resource`), and the
 * updates named in UPDATE_FIELDS. Deletes and other updates need their own implementation.
 */
export function handlesResource(step: StepDefinition): boolean {
  const action = step.resource?.action;
  return action === "create" || (action === "update" && Object.hasOwn(UPDATE_FIELDS, step.type));
}

export function targetOf(ctx: StepContext, field: string): string {
  const target = str(ctx.config[field]);
  if (!target) throw new ProviderError("INVALID_SPEC", `${ctx.step.title}: no resource to act on (set ${field}).`);
  return target;
}

/** The step's changeable fields; an empty one (a reference that rendered to nothing) is refused. */
function changesOf(ctx: StepContext, fields: readonly string[]): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of fields) {
    const value = ctx.config[field];
    if (value === undefined) continue;
    if (value === "") throw new ProviderError("INVALID_SPEC", `${ctx.step.title}: ${field} is empty; it must name what to change to.`);
    changes[field] = value;
  }
  return changes;
}

/** Applies an update step's change and returns what the provider reported (update-load-balancer reads more of it). */
export async function applyUpdate(ctx: StepContext): Promise<ProviderResource> {
  const { providerId, driver } = driverOf(ctx);
  const fields = UPDATE_FIELDS[ctx.step.type] ?? { target: "target", changes: [] };
  const target = targetOf(ctx, fields.target);
  const type = ctx.step.resource!.type;
  // Drivers accept only what may change: pass the step's changeable fields, never its whole config.
  const r = await driver.update(type, target, changesOf(ctx, fields.changes), { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal });
  ctx.log(`changed ${fields.changes.length > 0 ? fields.changes.join(", ") : "nothing"} of ${type} ${r.name} (${r.externalId}) on ${providerId}`);
  return r;
}

/** Puts back what an update step replaced; undefined when there was nothing to restore. */
export async function restoreUpdate(ctx: StepContext): Promise<ProviderResource | undefined> {
  const fields = UPDATE_FIELDS[ctx.step.type];
  if (!ctx.output || !fields?.restore) return undefined;
  const { providerId, driver } = driverOf(ctx);
  const type = ctx.step.resource!.type;
  // Put back each changed field the step reported a previous value for; the other changes stay as the step set them.
  const restored: Record<string, unknown> = {};
  for (const [field, output] of Object.entries(fields.restore)) {
    const value = ctx.output[output];
    if (value !== undefined && value !== null) restored[field] = value;
  }
  if (Object.keys(restored).length === 0) {
    ctx.log(`nothing to restore: the step reported no previous ${Object.values(fields.restore).join(", ")}`);
    return undefined;
  }
  const kept = changesOf(ctx, fields.changes.filter((f) => !(f in restored)));
  const id = str(Object.entries(ctx.output).find(([k, v]) => k.endsWith("Id") && typeof v === "string")?.[1]) || targetOf(ctx, fields.target);
  const r = await driver.update(type, id, { ...kept, ...restored }, { idempotencyKey: undoKey(ctx), signal: ctx.signal });
  ctx.log(`restored ${Object.entries(restored).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(", ")} of ${type} ${id} on ${providerId}`);
  return r;
}

/** Creates, and the updates in UPDATE_FIELDS (see `handlesResource`). */
export const resourceStep: StepImplementation = {
  async run(ctx) {
    const resource = ctx.step.resource!;
    if (resource.action !== "create") return outputsOf(ctx.step, await applyUpdate(ctx));
    const { providerId, driver } = driverOf(ctx);
    const spec = { ...ctx.config, name: str(ctx.config.name, resourceNameFor(ctx.stepId)), region: regionOf(ctx, driver) };
    const r = await driver.create(resource.type, spec, { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal });
    record(ctx, r, providerId);
    ctx.log(`created ${resource.type} ${r.name} (${r.externalId}) on ${providerId}`);
    return outputsOf(ctx.step, r);
  },
  async compensate(ctx) {
    const resource = ctx.step.resource!;
    if (!ctx.output) return;
    if (resource.action !== "create") {
      await restoreUpdate(ctx);
      return;
    }
    const { providerId, driver } = driverOf(ctx);
    const id = Object.entries(ctx.output).find(([k, v]) => k.endsWith("Id") && typeof v === "string")?.[1];
    if (typeof id !== "string") return;
    await driver.delete(resource.type, id, { idempotencyKey: undoKey(ctx), signal: ctx.signal });
    recordDeleted(ctx, providerId);
    ctx.log(`deleted ${resource.type} ${id} on ${providerId}`);
  },
};

/**
 * Tag on a DNS record the step created, naming the step (its idempotency key). When a create committed but
 * its reply was lost, the retry finds the record by name: the tag tells it the record is its own (so the
 * outputs still say "created" and a rollback deletes it) rather than someone else's to update.
 */
export const CREATED_BY_TAG = "stratus-created-by";

const DNS_FIELDS = ["recordType", "value", "ttlSeconds"] as const;

/**
 * Upserts `<name>.<zone>`: lists the provider's records, updates the one with that name (value, TTL and
 * type), or creates it. The outputs say which happened and what the record held before, for rollback.
 */
export const dnsRecordStep: StepImplementation = {
  async run(ctx) {
    const { providerId, driver } = driverOf(ctx);
    const name = str(ctx.config.name, resourceNameFor(ctx.stepId));
    const zone = str(ctx.config.zone, "stratus.local");
    const fqdn = `${name}.${zone}`;
    const region = regionOf(ctx, driver);
    const desired = { recordType: str(ctx.config.recordType, "CNAME"), value: str(ctx.config.value), ttlSeconds: Number(ctx.config.ttlSeconds ?? 60) };
    if (!desired.value) throw new ProviderError("INVALID_SPEC", `${ctx.step.title}: value is empty; it must say what ${fqdn} points at.`);
    const options = { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal };
    const existing = findRecord(await driver.list("dns.record"), fqdn, region);
    if (existing && existing.tags[CREATED_BY_TAG] !== ctx.idempotencyKey) {
      const r = await driver.update("dns.record", existing.externalId, desired, options);
      ctx.log(`updated ${fqdn} (${r.externalId}) on ${providerId}: ${str(existing.attributes.value)} → ${desired.value}`);
      return dnsOutputs(r, fqdn, "updated", replacedValues(r, DNS_FIELDS, existing.attributes));
    }
    const tags = { ...((ctx.config.tags ?? {}) as Record<string, string>), [CREATED_BY_TAG]: ctx.idempotencyKey };
    const r = await driver.create("dns.record", { ...ctx.config, name, region, zone, ...desired, tags }, options);
    if (r.tags[CREATED_BY_TAG] !== ctx.idempotencyKey) {
      // The name appeared since the listing and the provider upserted it (local does): an update after all.
      ctx.log(`updated ${fqdn} (${r.externalId}) on ${providerId}, which appeared meanwhile`);
      return dnsOutputs(r, fqdn, "updated", replacedValues(r, DNS_FIELDS, { value: r.attributes.previousValue }));
    }
    record(ctx, r, providerId);
    ctx.log(`created ${fqdn} (${r.externalId}) on ${providerId} → ${desired.value}`);
    return dnsOutputs(r, fqdn, "created", {});
  },
  async compensate(ctx) {
    const output = ctx.output;
    const id = str(output?.recordId);
    if (!output || !id) return;
    const { providerId, driver } = driverOf(ctx);
    const options = { idempotencyKey: undoKey(ctx), signal: ctx.signal };
    if (output.action === "created") {
      await driver.delete("dns.record", id, options);
      recordDeleted(ctx, providerId);
      ctx.log(`deleted ${str(output.fqdn)} (${id}), which this step created`);
    } else if (output.action === "updated") {
      const changes: Record<string, unknown> = { value: str(output.previousValue) };
      if (typeof output.previousTtlSeconds === "number" && output.previousTtlSeconds > 0) changes.ttlSeconds = output.previousTtlSeconds;
      if (str(output.previousRecordType)) changes.recordType = output.previousRecordType;
      await driver.update("dns.record", id, changes, options);
      ctx.log(`restored ${str(output.fqdn)} (${id}) → ${str(output.previousValue)}`);
    }
  },
};

function dnsOutputs(r: ProviderResource, fqdn: string, action: "created" | "updated", previous: Record<string, unknown>): Record<string, unknown> {
  const ttl = previous.ttlSeconds;
  return {
    recordId: str(r.attributes.recordId) || r.externalId,
    fqdn: str(r.attributes.fqdn) || fqdn,
    action,
    previousValue: str(previous.value),
    previousTtlSeconds: typeof ttl === "number" ? ttl : 0,
    previousRecordType: str(previous.recordType),
  };
}

/**
 * Rolls an artifact onto an instance or group. Providers keep each rollout as an `app.deployment` record
 * (what was deployed over what), so the step creates one per run; rollback rolls out the previous artifact
 * the same way. Deployment records change the target and cost nothing, so they are not inventory.
 */
export const deployAppStep: StepImplementation = {
  async run(ctx) {
    const { providerId, driver } = driverOf(ctx);
    const target = targetOf(ctx, "target");
    const artifact = str(ctx.config.artifact, "sample-web");
    const r = await driver.create("app.deployment", deploymentSpec(ctx, driver, target, artifact, ""), { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal });
    const out = outputsOf(ctx.step, r);
    ctx.log(`deployed ${artifact} to ${target} on ${providerId} over ${str(out.previousArtifact, "nothing known")} (${str(out.updatedInstances, "0")} instance(s))`);
    return { ...out, artifact: str(out.artifact, artifact), previousArtifact: str(out.previousArtifact), updatedInstances: typeof out.updatedInstances === "number" ? out.updatedInstances : 0 };
  },
  async compensate(ctx) {
    const { providerId, driver } = driverOf(ctx);
    const previous = str(ctx.output?.previousArtifact);
    const target = str(ctx.config.target);
    if (!previous || !target || previous === str(ctx.output?.artifact)) {
      ctx.log(previous ? `nothing to roll back: ${target} ran ${previous} before too` : "nothing to roll back: the step did not report what ran before");
      return;
    }
    await driver.create("app.deployment", deploymentSpec(ctx, driver, target, previous, "rollback"), { idempotencyKey: undoKey(ctx), signal: ctx.signal });
    ctx.log(`redeployed ${previous} to ${target} on ${providerId}`);
  },
};

function deploymentSpec(ctx: StepContext, driver: ProviderDriver, target: string, artifact: string, suffix: string) {
  return {
    name: resourceNameFor(ctx.stepId, suffix),
    region: regionOf(ctx, driver),
    target,
    artifact,
    strategy: str(ctx.config.strategy, "rolling"),
    batchSize: Number(ctx.config.batchSize ?? 1),
  };
}
