import "server-only";
import { alias } from "drizzle-orm/pg-core";
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runs, users, workflows, workflowVersions } from "@/db/schema";
import { getTemplate } from "@/lib/workflow/templates";
import { emptyDefinition, type WorkflowDefinition } from "@/lib/workflow/schema";
import type { CreateWorkflowInput, ListWorkflowsInput } from "@/lib/workflows/schemas";
import { AppError } from "../errors";

const creator = alias(users, "creator");
const updater = alias(users, "updater");
/** What lists and the designer show about a workflow, with its author names (joined as creator/updater). */
const summaryColumns = {
  id: workflows.id,
  name: workflows.name,
  description: workflows.description,
  isArchived: workflows.isArchived,
  currentVersion: workflows.currentVersion,
  createdAt: workflows.createdAt,
  updatedAt: workflows.updatedAt,
  createdBy: creator.name,
  updatedBy: updater.name,
};

/**
 * Each listed workflow's newest run, one index probe per row: a lateral subquery walks
 * `runs_workflow_idx` (workflow_id, created_at) backwards and stops at the first row.
 */
export function lastRunOf(db: Db) {
  return db
    .select({ id: runs.id, status: runs.status, createdAt: runs.createdAt })
    .from(runs)
    .where(eq(runs.workflowId, workflows.id))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(1)
    .as("last_run");
}

export async function listWorkflows(db: Db, input: ListWorkflowsInput) {
  const filters: SQL[] = [];
  if (input.status !== "all") filters.push(eq(workflows.isArchived, input.status === "archived"));
  const term = input.search?.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(workflows.name, like), ilike(workflows.description, like))!);
  }
  const where = filters.length ? and(...filters) : undefined;
  const lastRun = lastRunOf(db);
  const column = { updated: workflows.updatedAt, name: sql`lower(${workflows.name})`, created: workflows.createdAt, lastRun: lastRun.createdAt }[input.sort];
  // Workflows never run stay at the end in both directions: "oldest run first" is not "never run first".
  const order = input.sort === "lastRun" ? sql`${column} ${input.direction === "asc" ? sql`asc` : sql`desc`} nulls last` : input.direction === "asc" ? asc(column) : desc(column);
  const [rows, [totals]] = await Promise.all([
    db
      .select({ ...summaryColumns, lastRunId: lastRun.id, lastRunStatus: lastRun.status, lastRunAt: lastRun.createdAt })
      .from(workflows)
      .leftJoin(creator, eq(creator.id, workflows.createdBy))
      .leftJoin(updater, eq(updater.id, workflows.updatedBy))
      .leftJoinLateral(lastRun, sql`true`)
      .where(where)
      .orderBy(order, asc(workflows.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(workflows).where(where),
  ]);
  const items = rows.map(({ lastRunId, lastRunStatus, lastRunAt, ...w }) => ({
    ...w,
    lastRun: lastRunId && lastRunStatus && lastRunAt ? { id: lastRunId, status: lastRunStatus, createdAt: lastRunAt } : null,
  }));
  return { items, total: totals?.total ?? 0, page: input.page, pageSize: input.pageSize };
}

export async function findWorkflow(db: Db, id: string) {
  const [row] = await db
    .select(summaryColumns)
    .from(workflows)
    .leftJoin(creator, eq(creator.id, workflows.createdBy))
    .leftJoin(updater, eq(updater.id, workflows.updatedBy))
    .where(eq(workflows.id, id))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "This workflow does not exist (it may have been deleted).", { field: "id" });
  return row;
}

/** The workflow with its newest definition, for the designer. */
export async function getWorkflow(db: Db, id: string) {
  const workflow = await findWorkflow(db, id);
  const [version] = await db
    .select({ definition: workflowVersions.definition, createdAt: workflowVersions.createdAt })
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, id), eq(workflowVersions.number, workflow.currentVersion)))
    .limit(1);
  return { ...workflow, definition: version?.definition ?? emptyDefinition() };
}

/** Inserts a workflow and its version 1 in one transaction. */
export async function insertWorkflow(
  db: Db,
  actorId: string | null,
  values: { name: string; description: string; definition: WorkflowDefinition; message: string },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(workflows)
      .values({ name: values.name, description: values.description, currentVersion: 1, createdBy: actorId, updatedBy: actorId })
      .returning({ id: workflows.id, name: workflows.name });
    await tx.insert(workflowVersions).values({ workflowId: row!.id, number: 1, definition: values.definition, authorId: actorId, message: values.message });
    return row!;
  });
}

export async function createWorkflow(db: Db, actorId: string, input: CreateWorkflowInput) {
  let definition = emptyDefinition();
  if (input.templateId) {
    const template = getTemplate(input.templateId);
    if (!template) throw new AppError("BAD_INPUT", "There is no such template.", { field: "templateId" });
    definition = structuredClone(template.definition);
  }
  const message = input.templateId ? `Created from the template "${input.templateId}"` : "Created";
  return insertWorkflow(db, actorId, { name: input.name, description: input.description, definition, message });
}

export async function renameWorkflow(db: Db, actorId: string, input: { id: string; name: string; description: string }) {
  const rows = await db
    .update(workflows)
    .set({ name: input.name, description: input.description, updatedBy: actorId, updatedAt: sql`now()` })
    .where(eq(workflows.id, input.id))
    .returning({ id: workflows.id });
  if (rows.length === 0) throw new AppError("NOT_FOUND", "This workflow does not exist.", { field: "id" });
  return findWorkflow(db, input.id);
}

export async function duplicateWorkflow(db: Db, actorId: string, id: string) {
  const source = await getWorkflow(db, id);
  return insertWorkflow(db, actorId, {
    name: `Copy of ${source.name}`.slice(0, 200),
    description: source.description,
    definition: source.definition,
    message: `Duplicated from "${source.name}" version ${source.currentVersion}`,
  });
}

export async function setArchived(db: Db, actorId: string, id: string, isArchived: boolean) {
  const rows = await db
    .update(workflows)
    .set({ isArchived, updatedBy: actorId, updatedAt: sql`now()` })
    .where(eq(workflows.id, id))
    .returning({ id: workflows.id });
  if (rows.length === 0) throw new AppError("NOT_FOUND", "This workflow does not exist.", { field: "id" });
  return findWorkflow(db, id);
}

/** Deletes a workflow and all its versions (admins only; the UI asks first). */
export async function deleteWorkflow(db: Db, id: string) {
  const rows = await db.delete(workflows).where(eq(workflows.id, id)).returning({ id: workflows.id, name: workflows.name });
  if (rows.length === 0) throw new AppError("NOT_FOUND", "This workflow does not exist.", { field: "id" });
  return rows[0]!;
}
