import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { fromDrizzle, type PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { runSteps } from "@/db/schema";
import { getStep } from "@/lib/catalog";
import type { ProviderDriver } from "../providers/types";
import { ProviderError } from "../providers/types";
import { implementationOf } from "../steps";
import { isTruthy, renderValue, scopeOf } from "./expressions";
import { idempotencyKey, lockRun, persist, type LoadedRun } from "./store";
import { advance, completeCompensation, completeStep, type Context, type StepResult, type Transition, type Work } from "./transitions";

/**
 * The I/O around the pure state machine: every transition locks the run row, applies one fact, and commits
 * the new state, its history and the jobs of what became ready in ONE transaction (pg-boss `send` with the
 * transaction's connection). Workers run step attempts outside any transaction, then commit their result
 * the same way; a result for an attempt that is no longer running is ignored (fencing by attempt).
 */
export const STEP_QUEUE = "stratus-step";
export const WAKE_QUEUE = "stratus-wake";
const DEFAULT_TIMEOUT_SECONDS = 600;

export type EngineDeps = { db: Db; boss: PgBoss; providers: Record<string, ProviderDriver>; now?: () => number; random?: () => number; concurrency?: number };
type StepJob = Work & { runId: string; lineage?: string };

const holder = globalThis as { __stratusEngine?: { deps: EngineDeps; workerIds: string[]; aborts: Map<string, AbortController> } };

export function engine() {
  const e = holder.__stratusEngine;
  if (!e) throw new Error("The engine is not started.");
  return e;
}

function context(deps: EngineDeps, inputs: Record<string, unknown>): Context {
  return {
    now: deps.now?.() ?? Date.now(),
    random: deps.random ?? Math.random,
    getStep,
    concurrency: deps.concurrency,
    evaluateWhen: (node, steps) => {
      try {
        return isTruthy(node.when!, scopeOf(inputs, steps));
      } catch {
        return false; // a condition that cannot be evaluated does not run the step
      }
    },
  };
}

/** Persists a transition and enqueues its work in the same transaction. */
export async function commitTransition(tx: Db, deps: EngineDeps, loaded: LoadedRun, t: Transition, lineage?: string): Promise<void> {
  await persist(tx, loaded, t.state, t.events, new Date(deps.now?.() ?? Date.now()), lineage);
  // Db's `execute` is typed per driver; both drivers return rows the adapter reads.
  const db = fromDrizzle({ execute: (query: unknown) => tx.execute(query as Parameters<Db["execute"]>[0]) as Promise<{ rows: unknown[] }> }, sql);
  for (const w of t.work) {
    const node = loaded.definition.nodes.find((n) => n.id === w.stepId);
    const expireInSeconds = (node?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) + 60;
    await deps.boss.send(STEP_QUEUE, { ...w, runId: loaded.id, lineage } satisfies StepJob, { db, expireInSeconds });
  }
  if (t.wakeAt !== null) await deps.boss.send(WAKE_QUEUE, { runId: loaded.id }, { db, startAfter: new Date(t.wakeAt) });
}

/** Runs `fact` on the locked run and commits the result; returns null for an unknown run. */
export async function transition(
  deps: EngineDeps,
  runId: string,
  fact: (loaded: LoadedRun, ctx: Context) => Transition,
  lineage?: string,
  alsoInTransaction?: (tx: Db) => Promise<void>,
) {
  const result = await deps.db.transaction(async (tx) => {
    const loaded = await lockRun(tx, runId);
    if (!loaded) return null;
    const t = fact(loaded, context(deps, loaded.inputs));
    await alsoInTransaction?.(tx);
    await commitTransition(tx, deps, loaded, t, lineage);
    return t;
  });
  if (result && result.work.length > 0) wakeWorkers();
  // A delayed job (a retry's backoff) sends no NOTIFY when it comes due: wake this process's workers then.
  if (result?.wakeAt != null) setTimeout(wakeWorkers, Math.max(0, result.wakeAt - Date.now()) + 5).unref();
  return result;
}

export function wakeWorkers() {
  const e = holder.__stratusEngine;
  if (e) for (const id of e.workerIds) e.deps.boss.notifyWorker(id);
}

async function runJob(deps: EngineDeps, job: StepJob): Promise<void> {
  const loaded = await deps.db.transaction((tx) => lockRun(tx, job.runId));
  const current = loaded?.state.steps[job.stepId];
  const expected = job.kind === "run" ? "running" : "compensating";
  if (!loaded || !current || current.status !== expected || current.attempt !== job.attempt) return; // stale job
  const node = loaded.definition.nodes.find((n) => n.id === job.stepId)!;
  const step = getStep(node.type)!;
  const scope = scopeOf(loaded.inputs, loaded.state.steps);
  const controller = new AbortController();
  const key = `${job.runId}:${job.stepId}`;
  engine().aborts.set(key, controller);
  const timeoutMs = (node.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]);
  const logs: string[] = [];
  let result: StepResult;
  try {
    const rendered = step.config.safeParse(renderValue(node.config, scope));
    if (!rendered.success) throw new ProviderError("INVALID_SPEC", `Invalid settings after substitution: ${rendered.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const ctx = {
      db: deps.db,
      runId: job.runId,
      stepId: job.stepId,
      step,
      config: rendered.data,
      scope,
      idempotencyKey: idempotencyKey(job.runId, job.stepId, job.lineage),
      signal,
      provider: (id: string) => {
        const driver = deps.providers[id];
        if (!driver) throw new ProviderError("UNSUPPORTED", `Provider "${id}" is not available on this server.`);
        return driver;
      },
      log: (line: string) => logs.push(line),
      output: current.output,
    };
    const impl = implementationOf(step);
    if (job.kind === "compensate") {
      await impl.compensate?.(ctx);
      result = { ok: true, output: current.output ?? {} };
    } else {
      result = { ok: true, output: await impl.run(ctx) };
    }
  } catch (error) {
    const isCancelled = controller.signal.aborted;
    const isTimeout = !isCancelled && signal.aborted;
    const message = isTimeout ? `Timed out after ${timeoutMs / 1000} s.` : error instanceof Error ? error.message : String(error);
    result = { ok: false, error: message, isRetryable: isTimeout || (error instanceof ProviderError && error.isRetryable), isAborted: isCancelled };
  } finally {
    engine().aborts.delete(key);
  }
  await transition(
    deps,
    job.runId,
    (l, ctx) =>
      job.kind === "compensate"
        ? completeCompensation(l.definition, l.state, job.stepId, result.ok ? { ok: true } : { ok: false, error: result.error }, ctx)
        : completeStep(l.definition, l.state, job.stepId, job.attempt, result, ctx),
    job.lineage,
    // The attempt's log lines go with its result, in the same commit.
    logs.length > 0
      ? async (tx) => {
          await tx
            .update(runSteps)
            .set({ logs: sql`${runSteps.logs} || ${JSON.stringify(logs.slice(-500))}::jsonb` })
            .where(and(eq(runSteps.runId, job.runId), eq(runSteps.stepId, job.stepId), eq(runSteps.attempt, job.attempt)));
        }
      : undefined,
  );
}

/**
 * Registers the engine in this process and, unless `isWorking` is false (a process that only starts runs),
 * its workers. `recoverOrphans` is for the embedded mode's single process: jobs still marked active at start
 * belonged to this process before it died, so they are failed at once (and retried) instead of waiting for
 * their heartbeat to lapse. Idempotent per process.
 */
export async function startEngine(deps: EngineDeps, options: { batchSize?: number; isWorking?: boolean; recoverOrphans?: boolean } = {}): Promise<void> {
  if (holder.__stratusEngine) return;
  holder.__stratusEngine = { deps, workerIds: [], aborts: new Map() };
  // A worker that dies stops sending heartbeats: its job is retried (same attempt, same idempotency key).
  await deps.boss.createQueue(STEP_QUEUE, { notify: true, heartbeatSeconds: 10, retryLimit: 20, retryDelay: 1 });
  await deps.boss.createQueue(WAKE_QUEUE, { notify: true });
  if (options.isWorking === false) return;
  if (options.recoverOrphans) {
    const orphans = await deps.boss.findJobs(STEP_QUEUE, { queued: false });
    const active = orphans.filter((j) => j.state === "active").map((j) => j.id);
    if (active.length > 0) {
      await deps.boss.fail(STEP_QUEUE, active, { reason: "the process running it stopped" });
      console.log(`[engine] resuming ${active.length} step(s) left running by the previous start`);
    }
  }
  const batchSize = options.batchSize ?? 8;
  // NOTIFY wakes workers at once; the polls are only a backstop (and catch delayed jobs across processes).
  const polling = { pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 2 };
  // One job per worker, several workers: a long step (a wait, a slow create) holds one of them, not a batch.
  const stepWorker = await deps.boss.work<StepJob>(STEP_QUEUE, { batchSize: 1, localConcurrency: batchSize, ...polling }, async ([job]) => {
    if (job) await runJob(deps, job.data);
  });
  const wakeWorker = await deps.boss.work<{ runId: string }>(WAKE_QUEUE, { batchSize, ...polling }, async (jobs) => {
    for (const j of jobs) await transition(deps, j.data.runId, (l, ctx) => advance(l.definition, l.state, ctx));
  });
  engine().workerIds.push(stepWorker, wakeWorker);
}

export async function stopEngine(): Promise<void> {
  const e = holder.__stratusEngine;
  holder.__stratusEngine = undefined;
  if (!e) return;
  for (const c of e.aborts.values()) c.abort();
  await Promise.all([e.deps.boss.offWork(STEP_QUEUE), e.deps.boss.offWork(WAKE_QUEUE)]);
}
