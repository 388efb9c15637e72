import "server-only";
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/db/client";
import type { StepDefinition } from "@/lib/catalog/define";
import { ProviderError, type ProviderDriver } from "../providers/types";
import { isTruthy, type ExpressionScope } from "../engine/expressions";
import { explainUnset } from "../engine/unset-references";
import { httpHealthCheckStep, httpRequestStep, postWebhook } from "./http";
import { deleteResourceStep } from "./delete-resource";
import { deployAppStep, dnsRecordStep, handlesResource, resourceStep } from "./resources";
import { updateLoadBalancerStep } from "./update-load-balancer";

/**
 * What each step type does (its metadata and config schema are in lib/catalog). Steps reach clouds only
 * through `ctx.provider`. Resource steps are in resources.ts.
 */
export type StepContext = {
  /** Queues a write that commits with the step's result, in the same transaction (or not at all). */
  withResult: (write: (tx: Db) => Promise<void>) => void;
  runId: string;
  stepId: string;
  /** The run's workspace folder (absolute; created by the steps that use it). */
  workspace: string;
  step: StepDefinition;
  config: Record<string, unknown>;
  scope: ExpressionScope;
  idempotencyKey: string;
  signal: AbortSignal;
  provider: (id: string) => ProviderDriver;
  log: (line: string) => void;
  /** The step's outputs, for compensation. */
  output?: Record<string, unknown>;
  /** What the step noted when it last parked (empty on its first run). */
  memo: Record<string, unknown>;
  /** The attempt's time limit (ms), for steps that park across several runs of their job. */
  timeoutMs: number;
  /** Child runs of this step (sub-workflow). */
  childRuns: ChildRuns;
};

/** Starting and watching child runs; `start` is idempotent per step attempt. */
export type ChildRuns = {
  start(request: { workflowId: string; version: string; inputs: Record<string, unknown> }): Promise<string>;
  status(runId: string): Promise<{ status: string; error: string | null }>;
  cancel(runId: string): Promise<void>;
};
export type StepImplementation = {
  run(ctx: StepContext): Promise<Record<string, unknown> | Parked>;
  compensate?(ctx: StepContext): Promise<void>;
};

/**
 * What a step returns to wait without holding a worker: the executor puts its job back, to run again at
 * `until` (or sooner, when something it waits for resumes it) with `memo` as `ctx.memo`. The step stays
 * running meanwhile; a cancel ends it at once.
 */
export type Parked = { parked: { until: number; memo: Record<string, unknown> } };
export const park = (until: number, memo: Record<string, unknown>): Parked => ({ parked: { until, memo } });
export const isParked = (value: unknown): value is Parked => typeof value === "object" && value !== null && "parked" in value && Object.keys(value).length === 1;

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : fallback);

const IMPLEMENTATIONS: Record<string, StepImplementation> = {
  // Other resource steps share `resourceStep` (see implementationOf).
  "dns-record": dnsRecordStep,
  "deploy-app": deployAppStep,
  "delete-resource": deleteResourceStep,
  "update-load-balancer": updateLoadBalancerStep,
  // Parks until the time is up (no worker sleeps meanwhile), then succeeds.
  wait: {
    run(ctx) {
      const due = typeof ctx.memo.dueAt === "number" ? ctx.memo.dueAt : Date.now() + Number(ctx.config.seconds ?? 0) * 1000;
      return Promise.resolve(Date.now() >= due ? {} : park(due, { dueAt: due }));
    },
  },
  condition: {
    run(ctx) {
      const expression = str(ctx.config.expression);
      try {
        return Promise.resolve({ result: isTruthy(expression, ctx.scope) });
      } catch (error) {
        const reason = explainUnset([expression], ctx.scope) ?? (error instanceof Error ? error.message : String(error));
        throw new ProviderError("INVALID_SPEC", `Could not evaluate ${expression}: ${reason}`, { isRetryable: false });
      }
    },
  },
  // Ends the run as failed, with the workflow's own message (after clean-up steps, say).
  fail: { run: (ctx) => Promise.reject(new ProviderError("CONFLICT", str(ctx.config.message, "The workflow failed."), { isRetryable: false })) },
  notify: {
    async run(ctx) {
      if (ctx.config.channel === "webhook") {
        await postWebhook(ctx);
      } else ctx.log(`[${str(ctx.config.severity, "info")}] ${str(ctx.config.message)}`);
      return { delivered: true };
    },
  },
  // Outbound HTTP goes through the SSRF guard (http.ts).
  "http-request": httpRequestStep,
  "http-health-check": httpHealthCheckStep,
  // Runs in the run's workspace (or a folder inside it), so steps of one run can share files.
  script: {
    async run(ctx) {
      const cwd = path.resolve(ctx.workspace, str(ctx.config.workingDir));
      if (cwd !== ctx.workspace && !cwd.startsWith(`${ctx.workspace}${path.sep}`)) {
        throw new ProviderError("INVALID_SPEC", "The working directory must be inside the run's workspace.", { isRetryable: false });
      }
      await mkdir(cwd, { recursive: true });
      const env: NodeJS.ProcessEnv = { NODE_ENV: "production", PATH: "/usr/local/bin:/usr/bin:/bin", HOME: ctx.workspace, STRATUS_WORKSPACE: ctx.workspace };
      for (const [k, v] of Object.entries((ctx.config.env ?? {}) as Record<string, unknown>)) env[k] = str(v);
      const shell = ctx.config.shell === "bash" ? "/bin/bash" : "/bin/sh";
      return new Promise((resolve, reject) => {
        const child = spawn(shell, ["-c", str(ctx.config.command)], { cwd, env, signal: ctx.signal, stdio: ["ignore", "pipe", "pipe"] });
        // Bytes, not characters, so the 64 KB is 64 KB whatever the text; decoded once at the end.
        let stdout = Buffer.alloc(0);
        child.stdout.on("data", (d: Buffer) => (stdout = Buffer.concat([stdout, d]).subarray(-STDOUT_KEPT)));
        child.stderr.on("data", (d: Buffer) => ctx.log(d.toString().trim()));
        child.on("error", reject);
        child.on("close", (code: number | null) => (code === 0 ? resolve({ exitCode: 0, stdout: tailText(stdout) }) : reject(new Error(`the script exited with ${code}`))));
      });
    },
  },
  // Starts the child run once, then parks until the child finishes (its final commit resumes this step) or
  // the step's time limit passes (the child is then cancelled).
  "sub-workflow": {
    async run(ctx) {
      const isFirst = typeof ctx.memo.childRunId !== "string";
      const childId = isFirst
        ? await ctx.childRuns.start({ workflowId: str(ctx.config.workflowId), version: str(ctx.config.version, "latest"), inputs: (ctx.config.inputs ?? {}) as Record<string, unknown> })
        : (ctx.memo.childRunId as string);
      if (isFirst) ctx.log(`started child run ${childId}`);
      const child = await ctx.childRuns.status(childId);
      if (child.status === "succeeded") return { runId: childId, status: child.status };
      if (["failed", "cancelled", "rolled_back"].includes(child.status)) {
        throw new ProviderError("CONFLICT", `The child run ${childId} ended ${child.status.replace("_", " ")}${child.error ? `: ${child.error}` : ""}.`, { isRetryable: false });
      }
      const deadline = typeof ctx.memo.deadline === "number" ? ctx.memo.deadline : Date.now() + ctx.timeoutMs;
      if (Date.now() >= deadline) {
        await ctx.childRuns.cancel(childId);
        throw new ProviderError("TIMEOUT", `The child run ${childId} did not finish within ${Math.round(ctx.timeoutMs / 1000)} s; it was cancelled.`, { isRetryable: false });
      }
      return park(deadline, { childRunId: childId, deadline });
    },
  },
};

/** A script's standard output kept as its `stdout` output: the last 64 KB (as the catalog says). */
const STDOUT_KEPT = 64 * 1024;

/** The kept tail as text, without the broken start of a character the cut went through. */
function tailText(tail: Buffer): string {
  let start = 0;
  while (start < tail.length && start < 3 && ((tail[start] ?? 0) & 0xc0) === 0x80) start++;
  return tail.subarray(start).toString("utf8");
}

/** Step types the engine carries out itself, without a job: an approval waits for a person (engine/transitions.ts). */
const RUN_BY_ENGINE: ReadonlySet<string> = new Set(["manual-approval"]);

/** Whether the server can run this step type: its own entry above, a create/update `resourceStep` handles, or the engine. */
export function hasImplementation(step: StepDefinition): boolean {
  return Object.hasOwn(IMPLEMENTATIONS, step.type) || handlesResource(step) || RUN_BY_ENGINE.has(step.type);
}

export function implementationOf(step: StepDefinition): StepImplementation {
  if (Object.hasOwn(IMPLEMENTATIONS, step.type)) return IMPLEMENTATIONS[step.type]!;
  return handlesResource(step) ? resourceStep : { run: () => Promise.reject(new ProviderError("UNSUPPORTED", `No implementation for step type "${step.type}".`)) };
}
