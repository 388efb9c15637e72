import type { WorkflowNode } from "@/lib/workflow/schema";
import type { RunDetailData, StepAttempt, StepStatus } from "./types";

export type StepRow = {
  node: WorkflowNode;
  attempts: StepAttempt[];
  latest: StepAttempt | undefined;
  status: StepStatus | "retrying";
  lastError: string | null;
};

/** One row per step of the pinned definition, in its order, with every attempt (oldest first). */
export function stepRows(run: RunDetailData): StepRow[] {
  const byStep = new Map<string, StepAttempt[]>(); // one pass: runs of 1,000 steps stay cheap
  for (const s of run.steps) byStep.set(s.stepId, [...(byStep.get(s.stepId) ?? []), s]);
  return run.definition.nodes.map((node) => {
    const rows = [...(byStep.get(node.id) ?? [])].sort((a, b) => a.attempt - b.attempt);
    const latest = rows.at(-1);
    // A step skipped or cancelled before it ever ran has a row with attempt 0: a status, not an attempt.
    const attempts = rows.filter((a) => a.attempt > 0);
    // A failed attempt with a retry time is waiting for its next attempt (server/engine/store.ts).
    const status = !latest ? "pending" : latest.status === "failed" && latest.notBefore ? "retrying" : latest.status;
    const lastError = attempts.findLast((a) => a.error)?.error ?? null;
    return { node, attempts, latest, status, lastError };
  });
}
