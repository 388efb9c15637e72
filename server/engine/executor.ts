import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { fromDrizzle, type PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { getStep } from "@/lib/catalog";
import os from "node:os";
import path from "node:path";
import type { ProviderDriver } from "../providers/types";
import { ProviderError } from "../providers/types";
import { implementationOf, isParked, type StepContext } from "../steps";
import { failureOutputsOf } from "../steps/failure";
import { publishMany, type BusEvent } from "../events/bus";
import { childRunsOf } from "./sub-workflow";
import type { z } from "zod";
import { isTruthy, renderConfig, scopeOf, type ExpressionScope } from "./expressions";
import { explainUnset, templatesIn } from "./unset-references";
import { idempotencyKey, lockRun, peekRun, persist, prepareWrite, rememberRun, writePrepared, type LoadedRun, type PersistOptions, type PreparedWrite } from "./store";
import { judgeStep } from "../policy/gate";
import { advance, completeCompensation, completeStep, holdForPolicy, type Context, type PolicyHold, type StepResult, type Transition, type Work } from "./transitions";
import { startFetchLoop, type FetchLoop, type HeldJob } from "./worker";

/**
 * The I/O around the pure state machine: every transition locks the run row, applies one fact, and commits
 * the new state, its history and the jobs of what became ready in ONE transaction (pg-boss `insert` with the
 * transaction's connection). Workers run step attempts outside any transaction, then commit their result
 * the same way — and settle their job in that same commit. A result for an attempt that is no longer
 * running is ignored (fencing by attempt).
 */
export const STEP_QUEUE = "stratus-step";
export const WAKE_QUEUE = "stratus-wake";
/** NOTIFY channel that wakes step workers in other processes (server mode). */
export const WORK_CHANNEL = "stratus_work";
const DEFAULT_TIMEOUT_SECONDS = 600;
const FINAL_RUN: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled", "rolled_back"]);

export type EngineDeps = {
  db: Db;
  boss: PgBoss;
  providers: Record<string, ProviderDriver>;
  now?: () => number;
  random?: () => number;
  concurrency?: number;
  /** NOTIFY workers in other processes when work is enqueued (server mode; default true). */
  notifyOtherProcesses?: boolean;
  /** LISTEN for other processes' NOTIFY on WORK_CHANNEL (server mode); called once with the wake function. */
  listen?: (onNotify: () => void) => Promise<{ close: () => Promise<void> }>;
  /** Where runs get their workspace folder (`<root>/<runId>`, for script steps); default: the OS temp folder. */
  workspaceRoot?: string;
};
type StepJob = Work & { runId: string; /** What a parked step noted for its next run (see `park` in server/steps). */ memo?: Record<string, unknown> };

type JobRef = { id: string; retryCount: number };
type EngineState = {
  deps: EngineDeps;
  loop: FetchLoop<StepJob> | null;
  wakeWorkerId: string | null;
  aborts: Map<string, AbortController>;
  /** Jobs whose result committed, deleted in batches (see `settleLater`). */
  settles: JobRef[];
  settleTimer: NodeJS.Timeout | null;
  /** Transitions waiting for the next group commit (see `transition`). */
  requests: Request[];
  isCommitting: boolean;
  listener: { close: () => Promise<void> } | null;
  liveLogs: Map<string, Extract<BusEvent, { type: "log" }>>;
  liveLogTimer: NodeJS.Timeout | null;
};
const holder = globalThis as { __stratusEngine?: EngineState };

export function engine(): EngineState {
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

/** pg-boss's connection for statements that must be part of the caller's transaction. */
function inTx(tx: Db) {
  // Db's `execute` is typed per driver; both drivers return rows the adapter reads.
  return fromDrizzle({ execute: (query: unknown) => tx.execute(query as Parameters<Db["execute"]>[0]) as Promise<{ rows: unknown[] }> }, sql);
}

type JobInsert = { data: StepJob; expireInSeconds: number };

/** Persists a transition; its jobs go to `jobs`, for the caller to enqueue in the same transaction. */
async function writeTransition(tx: Db, deps: EngineDeps, loaded: LoadedRun, t: Transition, options: PersistOptions, jobs: JobInsert[]): Promise<LoadedRun | null> {
  const next = await persist(tx, loaded, t.state, t.events, new Date(deps.now?.() ?? Date.now()), options);
  if (next) await afterWrite(tx, deps, loaded, t, jobs);
  return next;
}

/** What a written transition enqueues: the steps it made ready, a parent to resume, a wake-up. */
async function afterWrite(tx: Db, deps: EngineDeps, loaded: LoadedRun, t: Transition, jobs: JobInsert[]) {
  if (t.work.length > 0) {
    const nodes = new Map(loaded.definition.nodes.map((n) => [n.id, n]));
    for (const w of t.work) {
      jobs.push({ data: { ...w, runId: loaded.id }, expireInSeconds: (nodes.get(w.stepId)?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) + 60 });
    }
  }
  // A child run that ended resumes its parent's sub-workflow step, in the same commit.
  if (loaded.parent && FINAL_RUN.has(t.state.status) && !FINAL_RUN.has(loaded.state.status)) {
    const { runId, stepId, attempt } = loaded.parent;
    jobs.push({ data: { runId, stepId, attempt, kind: "run", memo: { childRunId: loaded.id } }, expireInSeconds: DEFAULT_TIMEOUT_SECONDS + 60 });
  }
  if (t.wakeAt !== null) await deps.boss.send(WAKE_QUEUE, { runId: loaded.id }, { db: inTx(tx), startAfter: new Date(t.wakeAt) });
}

/**
 * Enqueues step jobs inside the caller's transaction (one statement for any number). With `claim` > 0
 * this process takes up to that many ready jobs in the same transaction — the work it just made ready,
 * or what waited for a free slot (see `reserve` in worker.ts) — so they start the moment it commits,
 * without another fetch. Other processes are told only about what is left.
 */
async function enqueue(tx: Db, deps: EngineDeps, jobs: JobInsert[], claim = 0, isBacklog = true): Promise<HeldJob<StepJob>[]> {
  let claimed: HeldJob<StepJob>[];
  if (!isBacklog && claim > 0) {
    // Nothing older waits in the queue: the new jobs this process takes are written already claimed.
    claimed = await insertClaimed(tx, STEP_QUEUE, jobs.slice(0, claim));
    if (jobs.length > claim) await deps.boss.insert(STEP_QUEUE, jobs.slice(claim), { db: inTx(tx) });
  } else {
    if (jobs.length > 0) await deps.boss.insert(STEP_QUEUE, jobs, { db: inTx(tx) });
    claimed = claim > 0 ? await deps.boss.fetch<StepJob>(STEP_QUEUE, { batchSize: claim, db: inTx(tx) }) : [];
  }
  if (jobs.length > 0 && claimed.length < jobs.length && deps.notifyOtherProcesses !== false) await tx.execute(sql`select pg_notify(${WORK_CHANNEL}, '')`);
  return claimed;
}

/**
 * Inserts step jobs in pg-boss's job table in the state its `fetch` would leave them in (active, started
 * and heartbeat now, first attempt), with the queue's settings as its `insert` takes them — one statement
 * instead of pg-boss's insert and fetch (≈ 2 ms of a PGlite step, issue 4), in a PL/pgSQL function whose
 * plan is kept per connection (migration 0007). pg-boss then treats them like
 * any job it handed out: heartbeats, settle, and a retry when the holder's heartbeat lapses. This writes
 * pg-boss's table directly, so pg-boss is pinned to an exact version in package.json and
 * engine.int.test.ts ("a job claimed at insert …") checks that pg-boss reads these rows as its own.
 */
export async function insertClaimed<T extends object>(tx: Db, queue: string, jobs: { data: T; expireInSeconds: number }[]): Promise<HeldJob<T>[]> {
  const held = jobs.map((j) => ({ id: randomUUID(), retryCount: 0, data: j.data }));
  const rows = JSON.stringify(jobs.map((j, i) => ({ id: held[i]!.id, data: j.data, expire: j.expireInSeconds })));
  await tx.execute(sql`select stratus_claim_steps(${queue}, ${rows}::jsonb)`);
  return held;
}

/** What a transition does after it committed: remember the state, wake the workers that have work. */
function afterCommit(t: Transition, next: LoadedRun, options: { isWorkClaimed?: boolean } = {}) {
  rememberRun(next);
  if (t.work.length > 0 && !options.isWorkClaimed) wakeWorkers();
  // A delayed job (a retry's backoff) sends no NOTIFY when it comes due: wake this process's workers then.
  if (t.wakeAt !== null) wakeAt(t.wakeAt);
}

type Fact = (loaded: LoadedRun, ctx: Context) => Transition;
type TransitionOptions = PersistOptions & {
  alsoInTransaction?: (tx: Db) => Promise<void>;
  /** A run that does not exist yet: `insert` writes its row in the same transaction, `run` is its state. */
  create?: { run: LoadedRun; insert: (tx: Db) => Promise<void> };
};
type Request = { runId: string; fact: Fact; options: TransitionOptions; resolve: (t: Transition | null) => void; reject: (error: unknown) => void };

/**
 * Runs `fact` on the run and commits the result; resolves null for an unknown run.
 *
 * Transitions of this process are committed in groups: while one transaction is being written, the
 * requests that arrive queue up and go together in the next one (one BEGIN/COMMIT, one job insert for all).
 * Each is planned on the state this process last committed for its run, and its compare-and-set on
 * `event_seq` proves that state current; when it is not (another process moved the run), the run row is
 * locked and read, and the fact planned again. A fact that refuses (throws) fails only its own request;
 * a database error fails the group, whose requests are then retried one by one.
 */
export function transition(deps: EngineDeps, runId: string, fact: Fact, options: TransitionOptions = {}): Promise<Transition | null> {
  const e = engine();
  return new Promise((resolve, reject) => {
    e.requests.push({ runId, fact, options, resolve, reject });
    if (e.isCommitting) return;
    // Started on the next turn of the event loop: the steps that finished in this turn go together.
    e.isCommitting = true;
    setImmediate(() => void commitRequests(e));
  });
}

const MAX_GROUP = 64;

async function commitRequests(e: EngineState) {
  try {
    while (e.requests.length > 0) {
      const group = e.requests.splice(0, MAX_GROUP);
      try {
        await commitGroup(e.deps, group);
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else for (const r of group) await commitGroup(e.deps, [r]).catch((single: unknown) => r.reject(single));
      }
    }
  } finally {
    e.isCommitting = false;
  }
}

type Outcome = { request: Request; t: Transition | null; next?: LoadedRun; error?: unknown };

async function commitGroup(deps: EngineDeps, group: Request[]) {
  // One lock order for every process (run id), so two groups never wait on each other in a cycle.
  const ordered = [...group].sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  const loop = holder.__stratusEngine?.loop;
  let reserved = 0;
  const committed = await deps.db.transaction(async (tx) => {
    const jobs: JobInsert[] = [];
    const outcomes = await applyFacts(tx, deps, ordered, jobs);
    const isBacklog = loop?.hasBacklog() ?? true;
    reserved = loop?.reserve(jobs.length) ?? 0;
    const claimed = await enqueue(tx, deps, jobs, reserved, isBacklog);
    return { outcomes, claimed, isAllClaimed: claimed.length >= jobs.length, isFetched: isBacklog || reserved === 0 };
  }).catch((error: unknown) => {
    loop?.adopt([], reserved); // nothing was claimed: give the slots back, and look again
    loop?.wake();
    throw error;
  });
  const { outcomes, claimed, isAllClaimed, isFetched } = committed;
  const latest = new Map<string, LoadedRun>();
  for (const o of outcomes) if (o.next) latest.set(o.request.runId, o.next);
  for (const next of latest.values()) rememberRun(next);
  loop?.adopt(claimed, reserved, isFetched); // after the states are remembered: the claimed steps plan from them
  for (const o of outcomes) {
    if (o.error !== undefined) o.request.reject(o.error);
    else {
      if (o.t && o.next) afterCommit(o.t, o.next, { isWorkClaimed: isAllClaimed });
      o.request.resolve(o.t);
    }
  }
}

/**
 * Applies a group's facts in one transaction, in two passes. First, each fact is planned on what this
 * process knows — the run it creates, its cached state, or the state an earlier fact of the group left —
 * and all of them are written with ONE statement (`writePrepared`). Then the facts that could not go that
 * way — their compare-and-set failed (another process moved the run), they refused on the cached state, or
 * an earlier fact of their run did either — are applied one by one on the locked row, in their order.
 */
async function applyFacts(tx: Db, deps: EngineDeps, ordered: Request[], jobs: JobInsert[]): Promise<Outcome[]> {
  const at = new Date(deps.now?.() ?? Date.now()).toISOString();
  const outcomes = new Map<Request, Outcome>();
  const planned = new Map<string, LoadedRun>(); // a run's state after the facts planned so far
  const deferred = new Set<string>(); // runs whose remaining facts wait for the second pass
  const batch: { request: Request; base: LoadedRun; t: Transition; write: PreparedWrite }[] = [];
  for (const request of ordered) {
    const { runId, fact, options } = request;
    if (deferred.has(runId)) continue;
    if (options.create) {
      const fresh = options.create.run;
      let t: Transition;
      try {
        t = fact(fresh, context(deps, fresh.inputs)); // a refusal here leaves nothing written
      } catch (error) {
        if (isDatabaseError(error)) throw error;
        outcomes.set(request, { request, t: null, error });
        continue;
      }
      await options.create.insert(tx);
      const write = prepareWrite({ loaded: fresh, after: t.state, events: t.events, options }, at);
      batch.push({ request, base: fresh, t, write });
      planned.set(runId, write.next);
      continue;
    }
    const base = planned.get(runId) ?? peekRun(runId);
    let t: Transition | null = null;
    try {
      t = base ? fact(base, context(deps, base.inputs)) : null;
    } catch {
      t = null; // decided again on the locked state, where a refusal is authoritative
    }
    if (!base || !t) {
      deferred.add(runId);
      continue;
    }
    const write = prepareWrite({ loaded: base, after: t.state, events: t.events, options }, at);
    batch.push({ request, base, t, write });
    planned.set(runId, write.next);
  }
  const written = await writePrepared(tx, batch.map((b) => b.write), at);
  for (const [i, { request, base, t }] of batch.entries()) {
    const next = written[i];
    if (!next) {
      if (request.options.create) throw new Error(`Run ${request.runId} could not be created.`);
      deferred.add(request.runId);
      continue;
    }
    await afterWrite(tx, deps, base, t, jobs);
    await request.options.alsoInTransaction?.(tx);
    outcomes.set(request, { request, t, next });
  }
  for (const request of ordered) {
    if (outcomes.has(request) || !deferred.has(request.runId)) continue;
    try {
      outcomes.set(request, { request, ...(await applyLocked(tx, deps, request, jobs)) });
    } catch (error) {
      if (isDatabaseError(error)) throw error;
      outcomes.set(request, { request, t: null, error }); // the fact refused: only this request fails
    }
  }
  return ordered.map((r) => outcomes.get(r)!);
}

/** Errors raised by the database (they abort the transaction) versus refusals raised by a fact. */
function isDatabaseError(error: unknown): boolean {
  return !(error instanceof Error && error.name === "AppError");
}

/** Applies a fact on the run's locked row (its current state, read under the lock). */
async function applyLocked(tx: Db, deps: EngineDeps, request: Request, jobs: JobInsert[]): Promise<{ t: Transition | null; next?: LoadedRun }> {
  const { runId, fact, options } = request;
  const loaded = await lockRun(tx, runId);
  if (!loaded) return { t: null };
  const t = fact(loaded, context(deps, loaded.inputs));
  const next = await writeTransition(tx, deps, loaded, t, options, jobs);
  if (!next) throw new Error(`Run ${runId} changed while its row was locked.`);
  await options.alsoInTransaction?.(tx);
  return { t, next };
}

/** Wakes this process's step workers (after a commit that enqueued steps). */
export function wakeWorkers() {
  holder.__stratusEngine?.loop?.wake();
}

/** At a delayed job's due time (a retry's backoff, a parked wait), wake both workers of this process. */
function wakeAt(at: number) {
  setTimeout(
    () => {
      const e = holder.__stratusEngine;
      e?.loop?.wake();
      if (e?.wakeWorkerId) e.deps.boss.notifyWorker(e.wakeWorkerId);
    },
    Math.max(0, at - Date.now()) + 5,
  ).unref();
}

/**
 * A job whose step result committed is deleted shortly after, in a batch with others, instead of by one
 * more statement in every step's transaction. Until then it stays claimed by this process; if the process
 * dies first, the job comes back to a worker that finds its step moved on (stale) and deletes it.
 */
function settleLater(e: EngineState, job: JobRef) {
  e.settles.push(job);
  e.settleTimer ??= setTimeout(() => void flushSettles(e), 20);
}

async function flushSettles(e: EngineState) {
  if (e.settleTimer) clearTimeout(e.settleTimer);
  e.settleTimer = null;
  const jobs = e.settles.splice(0);
  if (jobs.length === 0) return;
  try {
    await e.deps.boss.deleteJob(STEP_QUEUE, jobs);
  } catch (error) {
    console.error("[engine] settling finished jobs failed (they will be found stale):", error instanceof Error ? error.message : error);
  }
}

/**
 * Log lines of running attempts go out on the event bus as they are written (live run view), at most
 * every 100 ms per process and in one statement; the attempt's result stores them for good.
 */
function liveLog(e: EngineState, attempt: { runId: string; stepId: string; attempt: number }, line: string) {
  const key = `${attempt.runId}:${attempt.stepId}:${attempt.attempt}`;
  const pending = e.liveLogs.get(key);
  if (pending) pending.lines.push(line);
  else e.liveLogs.set(key, { type: "log", ...attempt, lines: [line] });
  e.liveLogTimer ??= setTimeout(() => {
    e.liveLogTimer = null;
    const events = [...e.liveLogs.values()];
    e.liveLogs.clear();
    publishMany(e.deps.db, events).catch((error: unknown) => console.error("[engine] publishing log lines failed:", error instanceof Error ? error.message : error));
  }, 100);
}

/** The run's state as the job expects it (cached when this process made the last change; else read under the lock). */
async function currentRun(deps: EngineDeps, job: StepJob) {
  const expected = job.kind === "run" ? "running" : "compensating";
  const isCurrent = (l: LoadedRun | null | undefined) => {
    const s = l?.state.steps[job.stepId];
    return s !== undefined && s.status === expected && s.attempt === job.attempt;
  };
  const cached = peekRun(job.runId);
  if (isCurrent(cached)) return cached!;
  const loaded = await deps.db.transaction((tx) => lockRun(tx, job.runId, { remember: true }));
  return isCurrent(loaded) ? loaded! : null;
}

/** The step's settings with its expressions substituted; an unset reference fails with the reason. */
function renderOrExplain(config: Record<string, unknown>, schema: z.ZodObject, scope: ExpressionScope): ReturnType<typeof renderConfig> {
  try {
    return renderConfig(config, schema, scope);
  } catch (error) {
    const reason = explainUnset(templatesIn(config), scope) ?? (error instanceof Error ? error.message : String(error));
    throw new ProviderError("INVALID_SPEC", `Could not substitute the settings' expressions: ${reason}`, { isRetryable: false });
  }
}

async function runJob(deps: EngineDeps, held: HeldJob<StepJob>): Promise<void> {
  const job = held.data;
  const e = engine();
  const ref = { id: held.id, retryCount: held.retryCount };
  const loaded = await currentRun(deps, job);
  if (!loaded) return settleLater(e, ref); // stale: the step moved on
  const current = loaded.state.steps[job.stepId]!;
  const node = loaded.definition.nodes.find((n) => n.id === job.stepId)!;
  const step = getStep(node.type)!;
  const scope = scopeOf(loaded.inputs, loaded.state.steps);
  const controller = new AbortController();
  const key = `${job.runId}:${job.stepId}`;
  const aborts = e.aborts;
  aborts.set(key, controller);
  const timeoutMs = (node.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]);
  const logs: string[] = [];
  const writes: ((tx: Db) => Promise<void>)[] = [];
  let result: StepResult;
  try {
    // Templates rendered, lossless conversions made (a number into a text field), then the step's schema.
    const rendered = renderOrExplain(node.config, step.config, scope);
    if (!rendered.ok) throw new ProviderError("INVALID_SPEC", `Invalid settings after substitution: ${rendered.issues.join("; ")}`, { isRetryable: false });
    const ctx: StepContext = {
      withResult: (write) => writes.push(write),
      runId: job.runId,
      stepId: job.stepId,
      workspace: path.join(deps.workspaceRoot ?? path.join(os.tmpdir(), "stratus-workspaces"), job.runId),
      step,
      config: rendered.value,
      scope,
      idempotencyKey: idempotencyKey(job.runId, job.stepId, loaded.lineage),
      signal,
      provider: (id: string) => {
        const driver = deps.providers[id];
        if (!driver) throw new ProviderError("UNSUPPORTED", `Provider "${id}" is not available on this server.`);
        return driver;
      },
      log: (line: string) => {
        logs.push(line);
        liveLog(e, { runId: job.runId, stepId: job.stepId, attempt: job.attempt }, line);
      },
      output: current.output,
      memo: job.memo ?? {},
      timeoutMs,
      childRuns: childRunsOf(deps.db, { runId: job.runId, stepId: job.stepId, attempt: job.attempt }),
    };
    const impl = implementationOf(step);
    if (job.kind === "run") {
      // Policies judge the step on its resolved settings before it does anything (issue 6).
      const verdict = await judgeStep(deps.db, { id: job.runId, definition: loaded.definition, scope }, node, job.attempt, rendered.value);
      writes.push(verdict.record);
      if (verdict.hold) return await holdStep(deps, e, held, verdict.hold, writes);
      // Not retried: the same settings meet the same policy.
      if (verdict.deny) throw new ProviderError("INVALID_SPEC", verdict.deny, { isRetryable: false });
    }
    if (job.kind === "compensate") {
      await impl.compensate?.(ctx);
      result = { ok: true, output: current.output ?? {} };
    } else {
      const output = await impl.run(ctx);
      if (isParked(output)) {
        // The same job comes back at `until` (or sooner, resumed); no worker waits for it meanwhile.
        const { until, memo } = output.parked;
        await deps.db.transaction(async (tx) => {
          await deps.boss.insert(STEP_QUEUE, [{ data: { ...job, memo }, startAfter: new Date(until), expireInSeconds: DEFAULT_TIMEOUT_SECONDS + 60 }], { db: inTx(tx) });
          await deps.boss.deleteJob(STEP_QUEUE, ref, { db: inTx(tx) });
        });
        wakeAt(until);
        return;
      }
      result = { ok: true, output };
    }
  } catch (error) {
    const isCancelled = controller.signal.aborted;
    const isTimeout = !isCancelled && signal.aborted;
    const message = isTimeout ? `Timed out after ${timeoutMs / 1000} s.` : error instanceof Error ? error.message : String(error);
    // A provider says whether trying again can help; any other failure (a script's exit code, a failed
    // health check …) is retried when the step has a retry policy — that is what the policy asks for.
    result = {
      ok: false,
      error: message,
      isRetryable: isTimeout || (error instanceof ProviderError ? error.isRetryable : true),
      isAborted: isCancelled,
      output: failureOutputsOf(step, isTimeout ? new Error(message) : error),
    };
  } finally {
    aborts.delete(key);
    // Lines not yet sent live are stored with the result, which the run view shows instead of live lines.
    e.liveLogs.delete(`${key}:${job.attempt}`);
  }
  // Stopped while running (shutdown aborted it): leave the job claimed; it is retried after the restart.
  if (holder.__stratusEngine !== e) return;
  e.loop?.release(held.id); // the commit of this result may claim the next job into this slot
  await transition(
    deps,
    job.runId,
    (l, ctx) =>
      job.kind === "compensate"
        ? completeCompensation(l.definition, l.state, job.stepId, result.ok ? { ok: true } : { ok: false, error: result.error }, ctx)
        : completeStep(l.definition, l.state, job.stepId, job.attempt, result, ctx),
    // The attempt's log lines and its writes (inventory rows) go with its result, in the same commit.
    {
      logs: { stepId: job.stepId, attempt: job.attempt, lines: logs },
      alsoInTransaction: async (tx) => {
        for (const write of writes) await write(tx);
      },
    },
  );
  settleLater(e, ref);
}

/** A policy asks for an admin: the step waits (its decisions stored in the same commit); the job is done. */
async function holdStep(deps: EngineDeps, e: EngineState, held: HeldJob<StepJob>, hold: PolicyHold, writes: ((tx: Db) => Promise<void>)[]) {
  const job = held.data;
  e.loop?.release(held.id);
  await transition(deps, job.runId, (l, ctx) => holdForPolicy(l.definition, l.state, job.stepId, job.attempt, hold, ctx), {
    alsoInTransaction: async (tx) => {
      for (const write of writes) await write(tx);
    },
  });
  settleLater(e, { id: held.id, retryCount: held.retryCount });
}

/**
 * Registers the engine in this process and, unless `isWorking` is false (a process that only starts runs),
 * its workers. `recoverOrphans` is for the embedded mode's single process: jobs still marked active at start
 * belonged to this process before it died, so they are failed at once (and retried) instead of waiting for
 * their heartbeat to lapse. Idempotent per process.
 */
export async function startEngine(deps: EngineDeps, options: { batchSize?: number; isWorking?: boolean; recoverOrphans?: boolean } = {}): Promise<void> {
  if (holder.__stratusEngine) return;
  const state: EngineState = { deps, loop: null, wakeWorkerId: null, aborts: new Map(), settles: [], settleTimer: null, requests: [], isCommitting: false, listener: null, liveLogs: new Map(), liveLogTimer: null };
  holder.__stratusEngine = state;
  // A worker that dies stops sending heartbeats: its job is retried (same attempt, same idempotency key).
  await deps.boss.createQueue(STEP_QUEUE, { heartbeatSeconds: 10, retryLimit: 20, retryDelay: 1 });
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
  // Several steps at once per process: a long step (a slow create) holds one slot, not the others.
  state.loop = startFetchLoop<StepJob>(deps.boss, STEP_QUEUE, { concurrency: options.batchSize ?? 8 }, (job) => runJob(deps, job));
  state.listener = (await deps.listen?.(() => state.loop?.wake())) ?? null;
  const polling = { pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 2 };
  state.wakeWorkerId = await deps.boss.work<{ runId: string }>(WAKE_QUEUE, { batchSize: 8, ...polling }, async (jobs) => {
    for (const j of jobs) await transition(deps, j.data.runId, (l, ctx) => advance(l.definition, l.state, ctx));
  });
}

export async function stopEngine(): Promise<void> {
  const e = holder.__stratusEngine;
  holder.__stratusEngine = undefined;
  if (!e) return;
  for (const c of e.aborts.values()) c.abort();
  if (e.liveLogTimer) clearTimeout(e.liveLogTimer);
  await Promise.all([e.loop?.stop(), e.deps.boss.offWork(WAKE_QUEUE), e.listener?.close()]);
  await flushSettles(e);
}
