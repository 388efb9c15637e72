import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runs, runSteps, workflowVersions, type RunStep } from "@/db/schema";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { failedSteps, type RunState, type StepState } from "./planner";
import type { EngineEvent } from "./transitions";

/**
 * Reading a run's state from its rows and writing a transition back: the only place the engine touches the
 * run tables. Callers hold the run's row lock (`lockRun`) for the whole transition.
 *
 * A transition costs the same at step 1 and at step 1,000 (ARCHITECTURE.md "The engine"): it writes only
 * the steps that changed, numbers history from `runs.event_seq`, and reads the run's state from a
 * per-process cache that is valid while `event_seq` — bumped by every state change, under the row lock —
 * is the one it was cached at. Another process's transition moves `event_seq`, so the next one here
 * reloads from the rows: the cache is never the authority, the locked row is.
 */
export type LoadedRun = {
  id: string;
  versionId: string;
  /** The run whose step ids keep their idempotency keys in this one (a rerun's previous run). */
  lineage?: string;
  /** For a child run (sub-workflow): the parent step to resume when this run ends. */
  parent?: { runId: string; stepId: string; attempt: number };
  inputs: Record<string, unknown>;
  definition: WorkflowDefinition;
  state: RunState;
  /** The latest attempt that has a row, per step (steps without a row are absent). */
  persisted: ReadonlyMap<string, number>;
  eventSeq: number;
};

const FINAL_RUN = new Set(["succeeded", "failed", "cancelled", "rolled_back"]);
const FINAL_STEP = new Set(["succeeded", "failed", "skipped", "cancelled", "compensated"]);

/** Bounded maps kept in insertion order; a hit moves the entry to the back (least recently used first out). */
function lru<V>(limit: number) {
  const map = new Map<string, V>();
  return {
    get(key: string) {
      const v = map.get(key);
      if (v !== undefined) {
        map.delete(key);
        map.set(key, v);
      }
      return v;
    },
    set(key: string, v: V) {
      map.delete(key);
      map.set(key, v);
      if (map.size > limit) map.delete(map.keys().next().value!);
    },
    delete: (key: string) => map.delete(key),
    clear: () => map.clear(),
  };
}

const holder = globalThis as { __stratusRunCache?: { versions: ReturnType<typeof lru<WorkflowDefinition>>; runs: ReturnType<typeof lru<LoadedRun>> } };
const cache = (holder.__stratusRunCache ??= { versions: lru<WorkflowDefinition>(200), runs: lru<LoadedRun>(2_000) });

/** Forgets every cached run (tests that rewrite rows behind the engine's back). */
export function clearRunCache() {
  cache.runs.clear();
  cache.versions.clear();
}

/** Versions are immutable, so their definitions are cached for good (one parse per version per process). */
export async function definitionOf(tx: Db, versionId: string): Promise<WorkflowDefinition> {
  const hit = cache.versions.get(versionId);
  if (hit) return hit;
  const [v] = await tx.select({ definition: workflowVersions.definition }).from(workflowVersions).where(eq(workflowVersions.id, versionId));
  if (!v) throw new Error(`Workflow version ${versionId} is missing.`);
  cache.versions.set(versionId, v.definition);
  return v.definition;
}

type StepRow = Pick<RunStep, "stepId" | "attempt" | "status" | "output" | "error" | "notBefore" | "finishedAt">;

/** The latest attempt row per step decides its state; a failed attempt with a retry time is "pending". */
export function stepStateOf(row: StepRow | undefined): StepState {
  if (!row) return { status: "pending", attempt: 0 };
  if (row.status === "failed" && row.notBefore) return { status: "pending", attempt: row.attempt, error: row.error ?? undefined, output: row.output ?? undefined, notBefore: row.notBefore.getTime() };
  return {
    // A waiting step keeps its decision deadline in the same column (see prepareWrite).
    ...(row.status === "waiting" && row.notBefore ? { deadline: row.notBefore.getTime() } : {}),
    status: row.status,
    attempt: row.attempt,
    output: row.output ?? undefined,
    error: row.error ?? undefined,
    finishedAt: row.finishedAt?.getTime(),
  };
}

/** Latest attempt per step, without the logs (which can be large and the engine never reads). */
export function latestStepRows(tx: Db, runId: string): Promise<StepRow[]> {
  return tx
    .selectDistinctOn([runSteps.stepId], { stepId: runSteps.stepId, attempt: runSteps.attempt, status: runSteps.status, output: runSteps.output, error: runSteps.error, notBefore: runSteps.notBefore, finishedAt: runSteps.finishedAt })
    .from(runSteps)
    .where(eq(runSteps.runId, runId))
    .orderBy(runSteps.stepId, desc(runSteps.attempt));
}

/**
 * Locks the run's row for this transaction and returns its state (from the cache when still current).
 * `remember` caches a fresh read — only for a transaction that writes nothing before it, since a read
 * that saw this transaction's own uncommitted writes must not outlive a rollback.
 */
export async function lockRun(tx: Db, runId: string, options: { remember?: boolean } = {}): Promise<LoadedRun | null> {
  const [run] = await tx
    .select({ id: runs.id, status: runs.status, inputs: runs.inputs, versionId: runs.versionId, eventSeq: runs.eventSeq, cancelRequestedAt: runs.cancelRequestedAt, trigger: runs.trigger, parentRunId: runs.parentRunId })
    .from(runs)
    .where(eq(runs.id, runId))
    .for("update");
  if (!run) return null;
  const hit = cache.runs.get(runId);
  if (hit && hit.eventSeq === run.eventSeq) return hit;
  const definition = await definitionOf(tx, run.versionId);
  const latest = new Map((await latestStepRows(tx, runId)).map((r) => [r.stepId, r]));
  const steps = Object.fromEntries(definition.nodes.map((n) => [n.id, stepStateOf(latest.get(n.id))]));
  const loaded: LoadedRun = {
    id: run.id,
    versionId: run.versionId,
    ...links(run.trigger, run.parentRunId),
    inputs: run.inputs,
    definition,
    state: { status: run.status, steps, ...(run.cancelRequestedAt ? { isCancelRequested: true } : {}) },
    persisted: new Map([...latest.values()].map((r) => [r.stepId, r.attempt])),
    eventSeq: run.eventSeq,
  };
  if (options.remember) rememberRun(loaded);
  return loaded;
}

/** `parent:<run>:<step>:<attempt>` is the trigger of a sub-workflow's child run. */
export const childTrigger = (parent: { runId: string; stepId: string; attempt: number }) => `parent:${parent.runId}:${parent.stepId}:${parent.attempt}`;
export function parentOf(trigger: string): LoadedRun["parent"] {
  const m = /^parent:([0-9a-f-]{36}):([A-Za-z_][A-Za-z0-9_]*):(\d+)$/.exec(trigger);
  return m ? { runId: m[1]!, stepId: m[2]!, attempt: Number(m[3]) } : undefined;
}
function links(trigger: string, parentRunId: string | null): Pick<LoadedRun, "lineage" | "parent"> {
  const parent = parentOf(trigger);
  return { ...(parentRunId ? { lineage: parentRunId } : {}), ...(parent ? { parent } : {}) };
}

/** The state of a run inserted in the current transaction: queued, no steps, no history. */
export function newRun(id: string, versionId: string, inputs: Record<string, unknown>, definition: WorkflowDefinition, trigger: string, parentRunId: string | null): LoadedRun {
  return { id, versionId, ...links(trigger, parentRunId), inputs, definition, state: { status: "queued", steps: Object.fromEntries(definition.nodes.map((n) => [n.id, { status: "pending" as const, attempt: 0 }])) }, persisted: new Map(), eventSeq: 0 };
}

/** The cached state of a run, without a lock or a query; may be behind. For read-only checks that are fenced later. */
export function peekRun(runId: string): LoadedRun | undefined {
  return cache.runs.get(runId);
}

/** Call after the transaction that wrote `next` committed. An older state never replaces a newer one. */
export function rememberRun(next: LoadedRun) {
  const current = cache.runs.get(next.id);
  if (current && current.eventSeq > next.eventSeq) return;
  if (FINAL_RUN.has(next.state.status)) cache.runs.delete(next.id);
  else cache.runs.set(next.id, next);
}

export const idempotencyKey = (runId: string, stepId: string, lineage?: string) => `${lineage ?? runId}:${stepId}`;

const sameStep = (a: StepState, b: StepState) =>
  a.status === b.status && a.attempt === b.attempt && a.notBefore === b.notBefore && a.deadline === b.deadline && a.output === b.output && a.error === b.error;

export type PersistOptions = {
  /** Log lines of the attempt whose result this is, stored with it. */
  logs?: { stepId: string; attempt: number; lines: string[] };
};

export type PendingWrite = { loaded: LoadedRun; after: RunState; events: EngineEvent[]; options?: PersistOptions };

/**
 * Writes transitions — of one run or of many (a group commit) — with ONE statement: the `stratus_persist`
 * function (migration 0005), which for each does a compare-and-set on the run row's `event_seq` (taking
 * the row lock when the caller planned from the cache), then writes every changed step attempt, new
 * attempt and history entry. Returns, per write, the run as it now stands, or null when the run moved on
 * since its `loaded` was read (only possible for a caller that did not lock first: it must reload and plan
 * again). A null write leaves nothing behind, and so does every later write of the same run.
 */
export async function persistMany(tx: Db, writes: PendingWrite[], now: Date): Promise<(LoadedRun | null)[]> {
  const at = now.toISOString();
  return writePrepared(tx, writes.map((w) => prepareWrite(w, at)), at);
}

/** `persistMany` in two halves, for a caller that plans its next write on a prepared one's `next`. */
export async function writePrepared(tx: Db, prepared: PreparedWrite[], at: string): Promise<(LoadedRun | null)[]> {
  if (prepared.length === 0) return [];
  const result = await tx.execute(sql`select stratus_persist(${JSON.stringify(prepared.map((p) => p.item))}::jsonb, ${at}::timestamptz) as written`);
  const written = (result as { rows: { written: boolean[] | string }[] }).rows[0]?.written;
  const flags = typeof written === "string" ? (JSON.parse(written) as boolean[]) : (written ?? []);
  const out: (LoadedRun | null)[] = [];
  for (const [i, p] of prepared.entries()) {
    if (flags[i] !== true) {
      out.push(null);
      continue;
    }
    // A result that changed nothing (a stale attempt) still keeps what its attempt logged.
    const logs = p.logs;
    if (logs && logs.lines.length > 0 && !p.item.updates.some((u) => u.step_id === logs.stepId && u.attempt === logs.attempt)) {
      await tx
        .update(runSteps)
        .set({ logs: sql`${runSteps.logs} || ${JSON.stringify(logs.lines.slice(-500))}::jsonb` })
        .where(and(eq(runSteps.runId, p.next.id), eq(runSteps.stepId, logs.stepId), eq(runSteps.attempt, logs.attempt)));
    }
    out.push(p.next);
  }
  return out;
}

/** One write: see `persistMany`. */
export async function persist(tx: Db, loaded: LoadedRun, after: RunState, events: EngineEvent[], now: Date, options: PersistOptions = {}): Promise<LoadedRun | null> {
  const [next] = await persistMany(tx, [{ loaded, after, events, options }], now);
  return next ?? null;
}

export type PreparedWrite = ReturnType<typeof prepareWrite>;

/** What `stratus_persist` writes for one transition, and the run as it will stand after it (`next`). */
export function prepareWrite({ loaded, after, events, options = {} }: PendingWrite, at: string) {
  const before = loaded.state;
  const eventSeq = loaded.eventSeq + events.length;
  const isStatusChanged = after.status !== before.status;
  const { logs } = options;
  const lineage = loaded.lineage;
  const persisted = new Map(loaded.persisted);
  const updates: Record<string, unknown>[] = [];
  const inserts: Record<string, unknown>[] = [];
  for (const [id, next] of Object.entries(after.steps)) {
    const prev = before.steps[id]!;
    if (prev === next || sameStep(prev, next)) continue;
    const rowAttempt = persisted.get(id);
    // Nothing to record for a step that has not started.
    if (rowAttempt === undefined && next.status === "pending" && next.notBefore === undefined) continue;
    const values = {
      step_id: id,
      // A failed attempt waiting for its retry is stored as failed with a not-before time; a step waiting
      // for a decision keeps its deadline there.
      status: next.status === "pending" ? "failed" : next.status,
      output: next.output ?? null,
      error: next.error ?? null,
      not_before:
        next.status === "pending" && next.notBefore !== undefined
          ? new Date(next.notBefore).toISOString()
          : next.status === "waiting" && next.deadline !== undefined
            ? new Date(next.deadline).toISOString()
            : null,
      // A final attempt, or one that failed and waits for its retry, ended then.
      finished_at: next.finishedAt !== undefined && (FINAL_STEP.has(next.status) || next.notBefore !== undefined) ? new Date(next.finishedAt).toISOString() : null,
    };
    if (rowAttempt === undefined || next.attempt > rowAttempt) {
      inserts.push({ ...values, status: next.status, attempt: next.attempt, idempotency_key: idempotencyKey(loaded.id, id, lineage), started_at: next.status === "running" ? at : null });
      persisted.set(id, next.attempt);
    } else {
      updates.push({ ...values, attempt: rowAttempt, logs: logs && logs.stepId === id && logs.attempt === rowAttempt ? logs.lines.slice(-500) : null });
    }
  }
  const history = events.map((e, i) => ({ seq: loaded.eventSeq + i + 1, type: e.type, step_id: e.stepId ?? null, payload: e.payload ?? {} }));
  // A run that ends failed says why: the failed steps and their errors (also what a parent step reports).
  // Failures the workflow accepts (onError: continue) are not the reason.
  const failure =
    isStatusChanged && (after.status === "failed" || after.status === "rolling_back")
      ? failedSteps(loaded.definition, after.steps)
          .map((n) => `${n.name}: ${after.steps[n.id]!.error ?? "failed"}`)
          .join("; ")
          .slice(0, 2_000) || null
      : null;
  const item = {
    run: loaded.id,
    expected: loaded.eventSeq,
    seq: eventSeq,
    status: isStatusChanged ? after.status : null,
    isStarted: isStatusChanged && before.status === "queued",
    isFinished: isStatusChanged && FINAL_RUN.has(after.status),
    isCancelRequested: after.isCancelRequested === true && before.isCancelRequested !== true,
    error: failure,
    updates: updates as { step_id: string; attempt: number }[],
    inserts,
    history,
  };
  const next: LoadedRun = { ...loaded, state: after, persisted, eventSeq };
  return { item, next, logs };
}
