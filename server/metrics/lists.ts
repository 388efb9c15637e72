import "server-only";
import { and, asc, desc, eq, gte, inArray, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { resources, runs, runSteps, workflows } from "@/db/schema";
import { MEASURED_RESOURCE_TYPES } from "@/lib/metrics/ranges";

/** The newest runs, and the newest failed step attempts since `since`, each with its workflow's name. */
export async function recentActivity(db: Db, input: { since: Date; limit: number }) {
  const [recentRuns, failingSteps] = await Promise.all([
    db
      .select({ id: runs.id, status: runs.status, workflowName: workflows.name, createdAt: runs.createdAt, startedAt: runs.startedAt, finishedAt: runs.finishedAt })
      .from(runs)
      .innerJoin(workflows, eq(workflows.id, runs.workflowId))
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(input.limit),
    db
      .select({ runId: runSteps.runId, stepId: runSteps.stepId, attempt: runSteps.attempt, error: runSteps.error, finishedAt: runSteps.finishedAt, workflowName: workflows.name })
      .from(runSteps)
      .innerJoin(runs, eq(runs.id, runSteps.runId))
      .innerJoin(workflows, eq(workflows.id, runs.workflowId))
      .where(and(eq(runSteps.status, "failed"), gte(runSteps.finishedAt, input.since)))
      .orderBy(desc(runSteps.finishedAt))
      .limit(input.limit),
  ]);
  // An error can be long (a stack from a provider): the list shows its start; the run view shows all.
  return { recentRuns, failingSteps: failingSteps.map((s) => ({ ...s, error: s.error ? s.error.slice(0, 300) : null })) };
}

/** What the resource charts can show: measured types that are not deleted, groups first. */
export async function measuredResources(db: Db) {
  return db
    .select({ id: resources.id, name: resources.name, provider: resources.provider, type: resources.type, status: resources.status })
    .from(resources)
    .where(and(ne(resources.status, "deleted"), inArray(resources.type, [...MEASURED_RESOURCE_TYPES])))
    .orderBy(asc(resources.type), desc(resources.createdAt))
    .limit(100);
}
