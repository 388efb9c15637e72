import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runs } from "@/db/schema";
import { AppError } from "../errors";
import { ProviderError } from "../providers/types";
import type { ChildRuns } from "../steps";
import { childTrigger, parentOf } from "./store";

/** How deep sub-workflows may nest (a workflow that calls itself stops here instead of running forever). */
export const MAX_NESTING = 5;

/**
 * Child runs of one sub-workflow step attempt. The child's trigger names the parent step
 * (`parent:<run>:<step>:<attempt>`, unique), so starting twice — a retried job — finds the first child, and
 * the child's final commit knows which step to resume.
 */
export function childRunsOf(db: Db, parent: { runId: string; stepId: string; attempt: number }): ChildRuns {
  const trigger = childTrigger(parent);
  const existing = async () => (await db.select({ id: runs.id }).from(runs).where(eq(runs.trigger, trigger)).limit(1))[0]?.id;
  return {
    async start(request) {
      const found = await existing();
      if (found) return found;
      const [self] = await db.select({ actorId: runs.actorId, trigger: runs.trigger }).from(runs).where(eq(runs.id, parent.runId));
      if (!self) throw new ProviderError("NOT_FOUND", "The parent run is gone.");
      let depth = 1;
      for (let up = parentOf(self.trigger); up; depth++) {
        if (depth >= MAX_NESTING) throw new ProviderError("INVALID_SPEC", `Sub-workflows nest more than ${MAX_NESTING} levels deep; is a workflow calling itself?`, { isRetryable: false });
        const [row] = await db.select({ trigger: runs.trigger }).from(runs).where(eq(runs.id, up.runId));
        up = row ? parentOf(row.trigger) : undefined;
      }
      const { startRun } = await import("../services/runs"); // services depend on the engine, not the reverse
      try {
        const { id } = await startRun(db, { id: self.actorId }, { workflowId: request.workflowId, inputs: request.inputs, version: request.version === "latest" ? undefined : Number(request.version), trigger });
        return id;
      } catch (error) {
        if (error instanceof AppError) {
          const details = error.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
          throw new ProviderError("INVALID_SPEC", `Could not start the child run: ${error.message}${details ? ` (${details})` : ""}`, { isRetryable: false });
        }
        const raced = await existing(); // a concurrent attempt started it first (unique trigger)
        if (raced) return raced;
        throw error;
      }
    },
    async status(runId) {
      const [row] = await db.select({ status: runs.status, error: runs.error }).from(runs).where(eq(runs.id, runId));
      if (!row) throw new ProviderError("NOT_FOUND", `The child run ${runId} is gone.`, { isRetryable: false });
      return row;
    },
    async cancel(runId) {
      const { cancel } = await import("../services/runs");
      await cancel(db, runId);
    },
  };
}
