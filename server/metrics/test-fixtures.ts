import type { Db } from "@/db/client";
import { resources, runs, runSteps, workflows, workflowVersions } from "@/db/schema";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

/** Seed helpers for the metrics tests: rows with the timestamps a test needs, returned as inserted. */
type RunStatus = (typeof runs.status.enumValues)[number];
type StepStatus = (typeof runSteps.status.enumValues)[number];

const node = (id: string, type: string) => ({ id, type, name: id, position: { x: 0, y: 0 }, config: {} });

export async function seedWorkflow(db: Db, name = "Metrics test") {
  const definition = { nodes: [node("vm", "create-instance"), node("wait", "wait"), node("check", "http-check")], edges: [], inputs: [], onFailure: "stop" } as unknown as WorkflowDefinition;
  const [wf] = await db.insert(workflows).values({ name, currentVersion: 1 }).returning();
  const [version] = await db.insert(workflowVersions).values({ workflowId: wf!.id, number: 1, definition }).returning();
  return { workflowId: wf!.id, versionId: version!.id };
}

export async function insertRun(db: Db, wf: { workflowId: string; versionId: string }, values: { status: RunStatus; createdAt: Date; startedAt?: Date | null; finishedAt?: Date | null }) {
  const [run] = await db
    .insert(runs)
    .values({ workflowId: wf.workflowId, versionId: wf.versionId, versionNumber: 1, status: values.status, createdAt: values.createdAt, startedAt: values.startedAt ?? null, finishedAt: values.finishedAt ?? null })
    .returning();
  return run!;
}

export async function insertStep(db: Db, runId: string, values: { stepId: string; status: StepStatus; attempt?: number; startedAt?: Date | null; finishedAt?: Date | null; error?: string }) {
  const attempt = values.attempt ?? 1;
  const [step] = await db
    .insert(runSteps)
    .values({ runId, stepId: values.stepId, attempt, status: values.status, idempotencyKey: `${runId}:${values.stepId}`, startedAt: values.startedAt ?? null, finishedAt: values.finishedAt ?? null, error: values.error ?? null })
    .returning();
  return step!;
}

let seq = 0;
export async function insertResource(db: Db, values: { provider: string; type: string; status?: (typeof resources.status.enumValues)[number]; costPerHour?: string; name?: string }) {
  seq++;
  const [row] = await db
    .insert(resources)
    .values({ provider: values.provider, type: values.type, region: "r1", name: values.name ?? `res-${seq}`, externalId: `ext-${seq}-${Math.random().toString(36).slice(2, 8)}`, status: values.status ?? "ready", costPerHour: values.costPerHour ?? "0", idempotencyKey: `key-${seq}-${Math.random()}` })
    .returning();
  return row!;
}

/** `ms` after `base`. */
export const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
