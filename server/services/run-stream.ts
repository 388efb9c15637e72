import "server-only";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runEvents, runs, runSteps } from "@/db/schema";
import { runDecisions } from "../policy/decisions";
import { busStream, subscribe, type BusEvent } from "../events/bus";
import { AppError } from "../errors";
import { redactStep } from "./runs";

/**
 * What the live run view needs after the history entry it has (`afterSeq`): the run's header, every
 * attempt row of the steps those entries touched, and the entries themselves. Read from the tables, so
 * a stream that resumes from any seq gets exactly what it missed — no gap, no duplicate — whichever
 * process made the change.
 */
export type RunDelta = Awaited<ReturnType<typeof runDelta>>;
const FINAL = new Set(["succeeded", "failed", "cancelled", "rolled_back"]);

export async function runDelta(db: Db, runId: string, afterSeq: number) {
  const [events, [run]] = await Promise.all([
    db.select().from(runEvents).where(and(eq(runEvents.runId, runId), gt(runEvents.seq, afterSeq))).orderBy(asc(runEvents.seq)).limit(2_000),
    db.select({ status: runs.status, error: runs.error, startedAt: runs.startedAt, finishedAt: runs.finishedAt, eventSeq: runs.eventSeq }).from(runs).where(eq(runs.id, runId)),
  ]);
  if (!run) throw new AppError("NOT_FOUND", "This run does not exist.", { field: "id" });
  const stepIds = [...new Set(events.flatMap((e) => (e.stepId ? [e.stepId] : [])))];
  // A history entry without a step (run.started, run.cancel_requested …) can still change steps in the
  // same commit (cancel ends pending steps): then every step is read again.
  const isWholeRun = events.some((e) => !e.stepId);
  const steps = events.length === 0 ? [] : await db.select().from(runSteps).where(isWholeRun ? eq(runSteps.runId, runId) : and(eq(runSteps.runId, runId), inArray(runSteps.stepId, stepIds))).orderBy(runSteps.stepId, runSteps.attempt);
  const seq = events.length > 0 ? events[events.length - 1]!.seq : afterSeq;
  const { eventSeq, ...header } = run;
  // Policy decisions are written in the commit that moves their step: re-sent with the step's rows.
  const decisions = steps.length === 0 ? [] : await runDecisions(db, runId, isWholeRun ? null : stepIds);
  return { seq, run: header, steps: steps.map(redactStep), events, decisions, isFinal: FINAL.has(run.status) && seq >= eventSeq, logs: [] as { stepId: string; attempt: number; lines: string[] }[] };
}

/**
 * The live stream of one run: a delta whenever its history grows (told by the event bus, from any
 * process), log lines of running attempts as they are written, and a re-read after the bus reconnects
 * or every 15 s in case a notification was lost. Ends after the run's final state was sent.
 */
export async function* watchRun(db: Db, runId: string, afterSeq: number, signal: AbortSignal | undefined): AsyncGenerator<RunDelta> {
  let wake: (() => void) | null = null;
  let isDirty = true;
  const logs: RunDelta["logs"] = [];
  const onEvent = (e: BusEvent) => {
    if (e.type === "run" && e.runId !== runId) return;
    if (e.type === "log") {
      if (e.runId !== runId) return;
      logs.push({ stepId: e.stepId, attempt: e.attempt, lines: e.lines });
    } else if (e.type === "metric") return;
    isDirty = true;
    wake?.();
  };
  // Subscribed before the first read: a change committed in between is read, not missed.
  const unsubscribe = subscribe(onEvent);
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    let seq = afterSeq;
    while (!signal?.aborted) {
      if (isDirty || logs.length > 0) {
        isDirty = false;
        const delta = await runDelta(db, runId, seq);
        delta.logs = logs.splice(0);
        if (delta.events.length > 0 || delta.logs.length > 0 || delta.isFinal) {
          seq = delta.seq;
          yield delta;
        }
        if (delta.isFinal) return;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          isDirty = true;
          resolve();
        }, 15_000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Status changes of every run (for the runs list and the dashboard), batched: each item is a run and its
 * new status, or (`runId` null) a re-read signal — sent first, and after the bus reconnected: refetch.
 */
export async function* watchRuns(signal: AbortSignal | undefined): AsyncGenerator<{ runId: string | null; status: string | null }[]> {
  // First: "read the list now" — changes made before this stream opened may have been missed.
  const queue: { runId: string | null; status: string | null }[] = [{ runId: null, status: null }];
  yield* busStream(
    signal,
    (e) => {
      if (e.type === "run") queue.push({ runId: e.runId, status: e.status });
      else if (e.type === "reconnected") queue.push({ runId: null, status: null });
      else return false;
      return true;
    },
    // Everything that arrived since the last message goes in one (a busy engine sends many).
    () => (queue.length > 0 ? queue.splice(0) : null),
  );
}
