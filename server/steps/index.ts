import "server-only";
import { spawn } from "node:child_process";
import type { Db } from "@/db/client";
import { resources } from "@/db/schema";
import type { StepDefinition } from "@/lib/catalog/define";
import { ProviderError, type ProviderDriver, type ProviderResource } from "../providers/types";
import { isTruthy, type ExpressionScope } from "../engine/expressions";

/**
 * What each step type does (its metadata and config schema are in lib/catalog). Steps reach clouds only
 * through `ctx.provider`. Resource steps share one implementation driven by the catalog's `resource`.
 */
export type StepContext = {
  /** Queues a write that commits with the step's result, in the same transaction (or not at all). */
  withResult: (write: (tx: Db) => Promise<void>) => void;
  runId: string;
  stepId: string;
  step: StepDefinition;
  config: Record<string, unknown>;
  scope: ExpressionScope;
  idempotencyKey: string;
  signal: AbortSignal;
  provider: (id: string) => ProviderDriver;
  log: (line: string) => void;
  /** The step's outputs, for compensation. */
  output?: Record<string, unknown>;
};
export type StepImplementation = {
  run(ctx: StepContext): Promise<Record<string, unknown>>;
  compensate?(ctx: StepContext): Promise<void>;
  /** Run only after this many ms, holding no worker meanwhile: the job is put back with a start time. */
  delayMs?(ctx: StepContext): number;
};

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : fallback);

function outputsOf(step: StepDefinition, r: ProviderResource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(step.outputs)) out[name] = r.attributes[name] ?? (name.endsWith("Id") ? r.externalId : null);
  return out;
}

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

/** For steps that change or delete a resource: which field names it, and which fields are the change. */
const UPDATE_FIELDS: Record<string, { target: string; changes: string[] }> = {
  "scale-group": { target: "group", changes: ["desired"] },
  "update-load-balancer": { target: "loadBalancer", changes: ["targets", "drainSeconds"] },
  "deploy-app": { target: "target", changes: ["artifact", "strategy", "batchSize"] },
  "dns-record": { target: "zone", changes: ["value", "ttlSeconds"] },
  "delete-resource": { target: "resource", changes: [] },
};

const resourceStep: StepImplementation = {
  async run(ctx) {
    const resource = ctx.step.resource!;
    const providerId = str(ctx.config.provider, "local");
    const driver = ctx.provider(providerId);
    if (resource.action === "create") {
      const spec = { ...ctx.config, name: str(ctx.config.name, ctx.stepId.replace(/_/g, "-")), region: str(ctx.config.region, driver.regions[0] ?? "local") };
      const r = await driver.create(resource.type, spec, { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal });
      record(ctx, r, providerId);
      ctx.log(`created ${resource.type} ${r.name} (${r.externalId}) on ${providerId}`);
      return outputsOf(ctx.step, r);
    }
    const fields = UPDATE_FIELDS[ctx.step.type] ?? { target: "target", changes: [] };
    const target = str(ctx.config[fields.target]);
    if (!target) throw new ProviderError("INVALID_SPEC", `${ctx.step.title}: no resource to act on (set its reference field).`);
    const type = (str(ctx.config.resourceType) || resource.type) as typeof resource.type;
    if (resource.action === "delete") {
      await driver.delete(type, target, { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal });
      return { resourceId: target, existed: true };
    }
    // Drivers accept only what may change: pass the step's changeable fields, never its whole config.
    const changes = Object.fromEntries(fields.changes.filter((k) => ctx.config[k] !== undefined).map((k) => [k, ctx.config[k]]));
    const r = await driver.update(type, target, changes, { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal });
    return outputsOf(ctx.step, r);
  },
  async compensate(ctx) {
    const resource = ctx.step.resource!;
    if (resource.action !== "create" || !ctx.output) return;
    const id = Object.entries(ctx.output).find(([k, v]) => k.endsWith("Id") && typeof v === "string")?.[1];
    if (typeof id === "string") await ctx.provider(str(ctx.config.provider, "local")).delete(resource.type, id, { idempotencyKey: `${ctx.idempotencyKey}:undo`, signal: ctx.signal });
  },
};

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new Error("aborted"));
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), reject(new Error("aborted"))), { once: true });
  });
}

const IMPLEMENTATIONS: Record<string, StepImplementation> = {
  // The executor parks the job until the time is up (no worker sleeps); then the step simply succeeds.
  wait: { delayMs: (ctx) => Number(ctx.config.seconds ?? 0) * 1000, run: () => Promise.resolve({}) },
  condition: { run: (ctx) => Promise.resolve({ result: isTruthy(str(ctx.config.expression), ctx.scope) }) },
  notify: {
    async run(ctx) {
      if (ctx.config.channel === "webhook") {
        const res = await fetch(str(ctx.config.webhookUrl), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: ctx.config.message, severity: ctx.config.severity }), signal: ctx.signal });
        if (!res.ok) throw new ProviderError("UNAVAILABLE", `webhook answered ${res.status}`);
      } else ctx.log(`[${str(ctx.config.severity, "info")}] ${str(ctx.config.message)}`);
      return { delivered: true };
    },
  },
  "http-request": {
    async run(ctx) {
      const res = await fetch(str(ctx.config.url), { method: str(ctx.config.method, "GET"), headers: (ctx.config.headers ?? {}) as Record<string, string>, body: ctx.config.body ? str(ctx.config.body) : undefined, signal: ctx.signal });
      return { status: res.status, body: (await res.text()).slice(0, 10_000) };
    },
  },
  "http-health-check": {
    async run(ctx) {
      const expected = Number(ctx.config.expectedStatus ?? 200);
      const tries = Number(ctx.config.retries ?? 5) + 1;
      let last = "";
      for (let i = 0; i < tries; i++) {
        const t0 = performance.now();
        try {
          const res = await fetch(str(ctx.config.url), { signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(Number(ctx.config.timeoutSeconds ?? 5) * 1000)]) });
          if (res.status === expected) return { status: res.status, latencyMs: Math.round(performance.now() - t0), healthy: true };
          last = `answered ${res.status}, expected ${expected}`;
        } catch (error) {
          if (ctx.signal.aborted) throw error;
          last = error instanceof Error ? error.message : String(error);
        }
        ctx.log(`health check attempt ${i + 1}/${tries}: ${last}`);
        if (i < tries - 1) await sleep(Number(ctx.config.intervalSeconds ?? 10) * 1000, ctx.signal);
      }
      throw new ProviderError("UNAVAILABLE", `${str(ctx.config.url)} is not healthy: ${last}`, { isRetryable: false });
    },
  },
  script: {
    run: (ctx) =>
      new Promise((resolve, reject) => {
        const env: NodeJS.ProcessEnv = { NODE_ENV: "production", PATH: "/usr/bin:/bin" };
        for (const [k, v] of Object.entries((ctx.config.env ?? {}) as Record<string, unknown>)) env[k] = str(v);
        const child = spawn("/bin/sh", ["-c", str(ctx.config.command)], { env, signal: ctx.signal, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        child.stdout.on("data", (d: Buffer) => (stdout = (stdout + d.toString()).slice(-10_000)));
        child.stderr.on("data", (d: Buffer) => ctx.log(d.toString().trim()));
        child.on("error", reject);
        child.on("close", (code: number | null) => (code === 0 ? resolve({ exitCode: 0, stdout }) : reject(new Error(`the script exited with ${code}`))));
      }),
  },
  "sub-workflow": { run: () => Promise.reject(new ProviderError("UNSUPPORTED", "Sub-workflow calls are not supported by the engine yet.")) },
};

export function implementationOf(step: StepDefinition): StepImplementation {
  return IMPLEMENTATIONS[step.type] ?? (step.resource ? resourceStep : { run: () => Promise.reject(new ProviderError("UNSUPPORTED", `No implementation for step type "${step.type}".`)) });
}
