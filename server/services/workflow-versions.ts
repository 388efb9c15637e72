import "server-only";
import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workflows, workflowVersions } from "@/db/schema";
import { getStep } from "@/lib/catalog";
import { exportWorkflow, importWorkflow } from "@/lib/workflow/io";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { parseDefinition } from "@/lib/workflow/validate";
import { AppError } from "../errors";
import { TimeLimitExceeded, withTimeLimit } from "../time-limit";
import { findWorkflow, insertWorkflow } from "./workflows";

/** A definition from outside, checked with a path per problem; nothing is stored when one fails. */
export function acceptDefinition(raw: unknown): WorkflowDefinition {
  const parsed = parseDefinition(raw, getStep);
  if (!parsed.ok) {
    const first = parsed.errors[0]!;
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : "";
    throw new AppError("BAD_INPUT", `The definition is not valid: ${first.path}: ${first.message}${more}.`, { issues: parsed.errors });
  }
  return parsed.definition;
}

/**
 * Saves a new immutable version. `baseVersion` is the version the editor started from: when someone saved
 * after it, the save is refused rather than silently overwriting their work.
 */
export async function saveVersion(
  db: Db,
  actorId: string,
  input: { id: string; baseVersion: number; definition: unknown; message: string },
) {
  const definition = acceptDefinition(input.definition);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ currentVersion: workflows.currentVersion, isArchived: workflows.isArchived })
      .from(workflows)
      .where(eq(workflows.id, input.id))
      .for("update");
    if (!current) throw new AppError("NOT_FOUND", "This workflow does not exist (it may have been deleted).", { field: "id" });
    if (current.isArchived) throw new AppError("CONFLICT", "This workflow is archived. Restore it before editing.");
    if (current.currentVersion !== input.baseVersion) {
      const [newer] = await tx
        .select({ author: users.name, at: workflowVersions.createdAt })
        .from(workflowVersions)
        .leftJoin(users, eq(users.id, workflowVersions.authorId))
        .where(and(eq(workflowVersions.workflowId, input.id), eq(workflowVersions.number, current.currentVersion)));
      throw new AppError(
        "CONFLICT",
        `Version ${current.currentVersion} was saved by ${newer?.author ?? "someone else"} after you opened version ${input.baseVersion}. ` +
          "Your changes are still in the editor: export them or reload to see the newer version.",
        { field: "baseVersion" },
      );
    }
    const number = current.currentVersion + 1;
    await tx.insert(workflowVersions).values({ workflowId: input.id, number, definition, authorId: actorId, message: input.message });
    await tx.update(workflows).set({ currentVersion: number, updatedBy: actorId, updatedAt: sql`now()` }).where(eq(workflows.id, input.id));
    return { number };
  });
}

export async function listVersions(db: Db, input: { id: string; page: number; pageSize: number }) {
  await findWorkflow(db, input.id);
  const where = eq(workflowVersions.workflowId, input.id);
  const [items, [totals]] = await Promise.all([
    db
      .select({ number: workflowVersions.number, message: workflowVersions.message, createdAt: workflowVersions.createdAt, author: users.name })
      .from(workflowVersions)
      .leftJoin(users, eq(users.id, workflowVersions.authorId))
      .where(where)
      .orderBy(desc(workflowVersions.number))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(workflowVersions).where(where),
  ]);
  return { items, total: totals?.total ?? 0, page: input.page, pageSize: input.pageSize };
}

export async function getVersion(db: Db, id: string, number: number) {
  const [row] = await db
    .select({ number: workflowVersions.number, message: workflowVersions.message, createdAt: workflowVersions.createdAt, definition: workflowVersions.definition, author: users.name })
    .from(workflowVersions)
    .leftJoin(users, eq(users.id, workflowVersions.authorId))
    .where(and(eq(workflowVersions.workflowId, id), eq(workflowVersions.number, number)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", `Version ${number} does not exist.`, { field: "number" });
  return row;
}

/** Restoring never rewrites history: the old definition becomes a new version. */
export async function restoreVersion(db: Db, actorId: string, input: { id: string; number: number; baseVersion: number }) {
  const old = await getVersion(db, input.id, input.number);
  return saveVersion(db, actorId, { id: input.id, baseVersion: input.baseVersion, definition: old.definition, message: `Restored version ${input.number}` });
}

const IMPORT_LIMIT_MS = 3000;

export async function importWorkflowFile(db: Db, actorId: string, input: { text: string; format?: "json" | "yaml" }) {
  // A YAML parser given a long run of "[" (100 kB) works for seconds, blocking every other request meanwhile.
  let result: ReturnType<typeof importWorkflow>;
  try {
    result = withTimeLimit(() => importWorkflow(input.text, getStep, input.format), IMPORT_LIMIT_MS);
  } catch (error) {
    if (!(error instanceof TimeLimitExceeded)) throw error;
    throw new AppError("BAD_INPUT", `The file was not imported: it took longer than ${IMPORT_LIMIT_MS / 1000} s to read (is it nested thousands of levels deep?).`, { field: "text" });
  }
  if (!result.ok) {
    const first = result.errors[0]!;
    throw new AppError("BAD_INPUT", `The file was not imported: ${first.path}: ${first.message}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : ""}.`, {
      issues: result.errors,
    });
  }
  const { name, description, definition } = result.document;
  return insertWorkflow(db, actorId, { name, description, definition, message: "Imported" });
}

export async function exportWorkflowFile(db: Db, input: { id: string; format: "json" | "yaml"; number?: number }) {
  const workflow = await findWorkflow(db, input.id);
  const version = await getVersion(db, input.id, input.number ?? workflow.currentVersion);
  const content = exportWorkflow({ name: workflow.name, description: workflow.description, definition: version.definition }, input.format);
  const slug = workflow.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "workflow";
  return { filename: `${slug}.v${version.number}.${input.format === "json" ? "json" : "yaml"}`, content };
}
