import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, inArray, like, notInArray, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runEvents, runs, runSteps, users, workflows, workflowVersions } from "@/db/schema";
import { getStep } from "@/lib/catalog";
import { runInputsSchema } from "@/lib/workflow/inputs";
import { hasErrors, validateDefinition } from "@/lib/workflow/validate";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { reusableSteps } from "../engine/planner";
import { engine, transition } from "../engine/executor";
import { definitionOf, latestStepRows, newRun, stepStateOf } from "../engine/store";
import { advance, cancelRun, decideApproval, initialState, requestRollback } from "../engine/transitions";
import { AppError } from "../errors";
import { runDecisions } from "../policy/decisions";
import { checkDefinition } from "../policy/gate";
import { redact } from "../audit/redact";
import { approverRoleOf, mayDecideApproval } from "../auth/approver";
import type { CurrentUser } from "../auth/session";

/** Starts a run of the workflow's current version (or a rerun of a previous run from one of its steps). */
export async function startRun(
  db: Db,
  actor: Omit<Partial<CurrentUser>, "id"> & { id: string | null },
  input: { workflowId: string; inputs: Record<string, unknown>; rerunOf?: { runId: string; fromStep: string }; /** A pinned version (default: the current one). */ version?: number; /** Default "manual" ("rerun" for a rerun). */ trigger?: string },
) {
  // The workflow and its current version in one read; the definition comes from the per-process cache.
  const [wf] = await db
    .select({ id: workflows.id, name: workflows.name, currentVersion: workflows.currentVersion, isArchived: workflows.isArchived, versionId: workflowVersions.id })
    .from(workflows)
    .leftJoin(workflowVersions, and(eq(workflowVersions.workflowId, workflows.id), eq(workflowVersions.number, workflows.currentVersion)))
    .where(eq(workflows.id, input.workflowId));
  if (!wf) throw new AppError("NOT_FOUND", "This workflow does not exist.", { field: "workflowId" });
  if (wf.isArchived) throw new AppError("CONFLICT", "This workflow is archived. Restore it before running it.");
  let versionNumber = wf.currentVersion;
  let versionId = wf.versionId;
  if (input.version !== undefined && input.version !== versionNumber) {
    const [pinned] = await db.select({ id: workflowVersions.id }).from(workflowVersions).where(and(eq(workflowVersions.workflowId, wf.id), eq(workflowVersions.number, input.version)));
    if (!pinned) throw new AppError("NOT_FOUND", `The workflow has no version ${input.version}.`, { field: "version" });
    versionNumber = input.version;
    versionId = pinned.id;
  }
  let reused = {};
  let inputs = input.inputs;
  if (input.rerunOf) {
    const [prev] = await db.select().from(runs).where(and(eq(runs.id, input.rerunOf.runId), eq(runs.workflowId, wf.id)));
    if (!prev) throw new AppError("NOT_FOUND", "The run to rerun does not exist.", { field: "rerunOf" });
    versionNumber = prev.versionNumber; // a rerun pins the same version
    versionId = prev.versionId;
    inputs = prev.inputs;
    const states = Object.fromEntries((await latestStepRows(db, prev.id)).map((r) => [r.stepId, stepStateOf(r)]));
    reused = Object.fromEntries(reusableSteps(await definitionOf(db, prev.versionId), states, input.rerunOf.fromStep).map((id) => [id, states[id]!]));
  }
  if (!versionId) throw new AppError("NOT_FOUND", "The workflow has no saved version to run.");
  const definition = await definitionOf(db, versionId);
  const problems = errorsOf(definition);
  if (problems.length > 0) {
    throw new AppError("BAD_INPUT", `Version ${versionNumber} has ${problems.length} problem(s); fix them in the designer before running.`, { issues: problems.map((p) => ({ path: p.path, message: p.message })) });
  }
  const parsed = runInputsSchema(definition.inputs).safeParse(inputs);
  if (!parsed.success) {
    throw new AppError("BAD_INPUT", "Some run inputs are not valid.", { issues: parsed.error.issues.map((i) => ({ path: `inputs.${i.path.join(".")}`, message: i.message })) });
  }
  // Deny results block the start, with every reason (the designer shows the same ones while editing).
  const check = await checkDefinition(db, definition, { workflow: { id: wf.id, name: wf.name }, actorRole: actor.role ?? "operator" }, parsed.data);
  if (check.blocking.length > 0) {
    throw new AppError("POLICY_DENIED", `Policies deny this run: ${check.blocking.join("; ")}`, {
      issues: Object.entries(check.nodes).flatMap(([stepId, list]) => list.filter((r) => r.outcome === "deny").map((r) => ({ path: `nodes.${stepId}`, message: `${r.policyName}: ${r.message}` }))),
    });
  }
  const trigger = input.trigger ?? (input.rerunOf ? "rerun" : "manual");
  const id = randomUUID();
  // A run just inserted has no steps and no history: its state is known without reading it back. The
  // insert and the first transition commit together, grouped with other transitions of this process.
  const fresh = newRun(id, versionId, parsed.data, definition, trigger, input.rerunOf?.runId ?? null);
  await transition(engine().deps, id, (l, ctx) => advance(l.definition, initialState(l.definition, reused), ctx), {
    create: {
      run: fresh,
      insert: async (tx) => {
        await tx.insert(runs).values({ id, workflowId: wf.id, versionId, versionNumber, inputs: parsed.data, actorId: actor.id, trigger, parentRunId: input.rerunOf?.runId ?? null });
      },
    },
  });
  return { id };
}

/** A version's blocking problems; versions never change, so each is validated once per process. */
const validated = new WeakMap<WorkflowDefinition, ReturnType<typeof validateDefinition>>();
function errorsOf(definition: WorkflowDefinition) {
  let problems = validated.get(definition);
  if (!problems) {
    problems = validateDefinition(definition, getStep).filter((p) => p.severity === "error");
    validated.set(definition, problems);
  }
  return hasErrors(problems) ? problems : [];
}

export async function cancel(db: Db, runId: string) {
  const e = engine();
  const t = await transition(e.deps, runId, (l, ctx) => {
    const c = cancelRun(l.definition, l.state, ctx);
    for (const stepId of c.abort) e.aborts.get(`${runId}:${stepId}`)?.abort();
    return c;
  });
  if (!t) throw new AppError("NOT_FOUND", "This run does not exist.", { field: "id" });
  // Child runs of its sub-workflow steps go with it.
  const children = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(like(runs.trigger, `parent:${runId}:%`), notInArray(runs.status, ["succeeded", "failed", "cancelled", "rolled_back"])));
  for (const child of children) await cancel(db, child.id);
  return { status: t.state.status };
}

/** Rolls back a finished run: what its completed steps created or changed is undone, newest first. */
export async function rollback(db: Db, id: string) {
  const t = await transition(engine().deps, id, (l, ctx) => {
    if (!["failed", "cancelled", "succeeded"].includes(l.state.status)) throw new AppError("CONFLICT", "Only a finished run can be rolled back; cancel it first.", { field: "id" });
    const next = requestRollback(l.definition, l.state, ctx);
    if (!next) throw new AppError("CONFLICT", "Nothing to roll back: no completed step of this run can be undone.", { field: "id" });
    return next;
  });
  if (!t) throw new AppError("NOT_FOUND", "This run does not exist.", { field: "id" });
  return { status: t.state.status };
}

/** Approve or reject a waiting approval step; only the role the step names (or an admin) may. */
export async function approve(db: Db, actor: CurrentUser, input: { id: string; stepId: string; isApproved: boolean; comment: string }) {
  const t = await transition(engine().deps, input.id, (l, ctx) => {
    const node = l.definition.nodes.find((n) => n.id === input.stepId);
    if (!node || l.state.steps[input.stepId]?.status !== "waiting") throw new AppError("CONFLICT", "This step is not waiting for an approval.", { field: "stepId" });
    // A step held by a policy waits for an admin; an approval step for the role it names.
    const role = approverRoleOf(node, l.state.steps[input.stepId]);
    if (!mayDecideApproval(actor.role, role)) {
      throw new AppError("FORBIDDEN", `Only a${role === "admin" ? "n" : ""} ${role} may decide this approval.`);
    }
    return decideApproval(l.definition, l.state, input.stepId, { isApproved: input.isApproved, by: actor.email, comment: input.comment }, ctx);
  });
  if (!t) throw new AppError("NOT_FOUND", "This run does not exist.", { field: "id" });
  return { status: t.state.status };
}

export async function listRuns(db: Db, input: { workflowId?: string; status?: string; /** Only these runs (e.g. those waiting for someone). */ runIds?: string[]; page: number; pageSize: number }) {
  const filters: SQL[] = [];
  if (input.runIds) filters.push(inArray(runs.id, input.runIds));
  if (input.workflowId) filters.push(eq(runs.workflowId, input.workflowId));
  if (input.status) filters.push(eq(runs.status, input.status as (typeof runs.status.enumValues)[number]));
  const where = filters.length ? and(...filters) : undefined;
  const [items, [total]] = await Promise.all([
    db
      .select({ id: runs.id, status: runs.status, workflowId: runs.workflowId, workflowName: workflows.name, versionNumber: runs.versionNumber, trigger: runs.trigger, actor: users.name, createdAt: runs.createdAt, startedAt: runs.startedAt, finishedAt: runs.finishedAt })
      .from(runs)
      .innerJoin(workflows, eq(workflows.id, runs.workflowId))
      .leftJoin(users, eq(users.id, runs.actorId))
      .where(where)
      .orderBy(desc(runs.createdAt))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ n: count() }).from(runs).where(where),
  ]);
  return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

export async function getRun(db: Db, id: string) {
  const [run] = await db
    .select({ id: runs.id, status: runs.status, workflowId: runs.workflowId, workflowName: workflows.name, versionNumber: runs.versionNumber, inputs: runs.inputs, trigger: runs.trigger, actor: users.name, error: runs.error, createdAt: runs.createdAt, startedAt: runs.startedAt, finishedAt: runs.finishedAt, definition: workflowVersions.definition })
    .from(runs)
    .innerJoin(workflows, eq(workflows.id, runs.workflowId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, runs.versionId))
    .leftJoin(users, eq(users.id, runs.actorId))
    .where(eq(runs.id, id));
  if (!run) throw new AppError("NOT_FOUND", "This run does not exist.", { field: "id" });
  const [steps, events, decisions] = await Promise.all([
    db.select().from(runSteps).where(eq(runSteps.runId, id)).orderBy(runSteps.stepId, runSteps.attempt),
    db.select().from(runEvents).where(eq(runEvents.runId, id)).orderBy(runEvents.seq),
    runDecisions(db, id),
  ]);
  return { ...run, steps: steps.map(redactStep), events, decisions };
}

/** Step outputs go to browsers: secret-looking fields (passwords, tokens, keys …) never leave the server. */
export function redactStep<T extends { output: Record<string, unknown> | null }>(step: T): T {
  return step.output ? { ...step, output: redact(step.output) as Record<string, unknown> } : step;
}
