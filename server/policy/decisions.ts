import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { policyDecisions } from "@/db/schema";

/** A run's stored policy decisions (all steps, or some), as the run view shows them. */
export function runDecisions(db: Db, runId: string, stepIds: string[] | null = null) {
  return db
    .select({ id: policyDecisions.id, stepId: policyDecisions.stepId, attempt: policyDecisions.attempt, policyName: policyDecisions.policyName, effect: policyDecisions.effect, outcome: policyDecisions.outcome, message: policyDecisions.message, at: policyDecisions.at })
    .from(policyDecisions)
    .where(stepIds ? and(eq(policyDecisions.runId, runId), inArray(policyDecisions.stepId, stepIds)) : eq(policyDecisions.runId, runId))
    .orderBy(policyDecisions.at, policyDecisions.policyName);
}
