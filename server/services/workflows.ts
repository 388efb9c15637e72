import "server-only";
import { alias } from "drizzle-orm/pg-core";
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workflows, workflowVersions } from "@/db/schema";
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

export async function listWorkflows(db: Db, input: ListWorkflowsInput) {
  const filters: SQL[] = [];
  if (input.status !== "all") filters.push(eq(workflows.isArchived, input.status === "archived"));
  const term = input.search?.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(workflows.name, like), ilike(workflows.description, like))!);
  }
  const where = filters.length ? and(...filters) : undefined;
  const column = { updated: workflows.updatedAt, name: sql`lower(${workflows.name})`, created: workflows.createdAt }[input.sort];
  const order = input.direction === "asc" ? asc(column) : desc(column);
  const [items, [totals]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(workflows)
      .leftJoin(creator, eq(creator.id, workflows.createdBy))
      .leftJoin(updater, eq(updater.id, workflows.updatedBy))
      .where(where)
      .orderBy(order, asc(workflows.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(workflows).where(where),
  ]);
  // Runs arrive with the engine (issue 4); until then no workflow has a last run.
  return { items: items.map((w) => ({ ...w, lastRunStatus: null })), total: totals?.total ?? 0, page: input.page, pageSize: input.pageSize };
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
