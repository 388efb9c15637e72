import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runEvents, runs, runSteps, workflowVersions, type RunStep } from "@/db/schema";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { RunState, StepState } from "./planner";
import type { EngineEvent } from "./transitions";

/**
 * Reading a run's state from its rows and writing a transition back: the only place the engine touches the
 * database. Callers hold the run's row lock (`lockRun`) for the whole transition.
 */
export type LoadedRun = {
  id: string;
  status: RunState["status"];
  inputs: Record<string, unknown>;
  definition: WorkflowDefinition;
  state: RunState;
  rows: Map<string, RunStep>;
};

/** The latest attempt row per step decides its state; a failed attempt with a retry time is "pending". */
export function stepStateOf(row: RunStep | undefined): StepState {
  if (!row) return { status: "pending", attempt: 0 };
  if (row.status === "failed" && row.notBefore) return { status: "pending", attempt: row.attempt, error: row.error ?? undefined, notBefore: row.notBefore.getTime() };
  return {
    status: row.status,
    attempt: row.attempt,
    output: row.output ?? undefined,
    error: row.error ?? undefined,
    finishedAt: row.finishedAt?.getTime(),
  };
}

export async function lockRun(tx: Db, runId: string): Promise<LoadedRun | null> {
  const [run] = await tx
    .select({ id: runs.id, status: runs.status, inputs: runs.inputs, definition: workflowVersions.definition })
    .from(runs)
    .innerJoin(workflowVersions, eq(workflowVersions.id, runs.versionId))
    .where(eq(runs.id, runId))
    .for("update", { of: runs });
  if (!run) return null;
  const rows = await tx.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(runSteps.stepId, desc(runSteps.attempt));
  const latest = new Map<string, RunStep>();
  for (const r of rows) if (!latest.has(r.stepId)) latest.set(r.stepId, r);
  const steps = Object.fromEntries(run.definition.nodes.map((n) => [n.id, stepStateOf(latest.get(n.id))]));
  // A cancel request is a fact in the history; steps still running when it came finish as cancelled.
  const [cancelRequested] = await tx
    .select({ seq: runEvents.seq })
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), eq(runEvents.type, "run.cancel_requested")))
    .limit(1);
  const state: RunState = { status: run.status, steps, ...(cancelRequested ? { isCancelRequested: true } : {}) };
  return { id: run.id, status: run.status, inputs: run.inputs, definition: run.definition, state, rows: latest };
}

export const idempotencyKey = (runId: string, stepId: string, lineage?: string) => `${lineage ?? runId}:${stepId}`;

/** Writes what changed between two states, appends the events, and updates the run. */
export async function persist(tx: Db, loaded: LoadedRun, after: RunState, events: EngineEvent[], now: Date, lineage?: string): Promise<void> {
  const before = loaded.state;
  for (const [id, next] of Object.entries(after.steps)) {
    const prev = before.steps[id]!;
    const row = loaded.rows.get(id);
    // Nothing to record for a step that has not started, nor for one whose state did not change.
    if (prev === next || (!row && next.status === "pending" && next.notBefore === undefined)) continue;
    if (prev.status === next.status && prev.attempt === next.attempt && prev.notBefore === next.notBefore && prev.output === next.output && prev.error === next.error) continue;
    const isNewAttempt = next.attempt > (row?.attempt ?? -1) || (!row && next.status !== "pending");
    const values = {
      status: next.status === "pending" ? ("failed" as const) : next.status,
      output: next.output ?? null,
      error: next.error ?? null,
      notBefore: next.status === "pending" && next.notBefore !== undefined ? new Date(next.notBefore) : null,
      finishedAt: next.finishedAt !== undefined && ["succeeded", "failed", "skipped", "cancelled", "compensated"].includes(next.status) ? new Date(next.finishedAt) : null,
    };
    if (isNewAttempt) {
      await tx.insert(runSteps).values({
        runId: loaded.id,
        stepId: id,
        attempt: next.attempt,
        idempotencyKey: idempotencyKey(loaded.id, id, lineage),
        ...values,
        status: next.status === "pending" ? "pending" : next.status,
        startedAt: next.status === "running" ? now : null,
      });
    } else if (row) {
      await tx.update(runSteps).set(values).where(and(eq(runSteps.runId, loaded.id), eq(runSteps.stepId, id), eq(runSteps.attempt, row.attempt)));
    }
  }
  if (events.length > 0) {
    const [{ last }] = (await tx.select({ last: sql<number>`coalesce(max(${runEvents.seq}), 0)` }).from(runEvents).where(eq(runEvents.runId, loaded.id))) as [{ last: number }];
    await tx.insert(runEvents).values(events.map((e, i) => ({ runId: loaded.id, seq: Number(last) + i + 1, type: e.type, stepId: e.stepId ?? null, payload: e.payload ?? {}, at: now })));
  }
  if (after.status !== before.status) {
    const isFinal = ["succeeded", "failed", "cancelled", "rolled_back"].includes(after.status);
    await tx
      .update(runs)
      .set({ status: after.status, ...(before.status === "queued" ? { startedAt: now } : {}), ...(isFinal ? { finishedAt: now } : {}) })
      .where(eq(runs.id, loaded.id));
  }
}
