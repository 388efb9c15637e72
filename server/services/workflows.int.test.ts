import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { workflowVersions } from "@/db/schema";
import { TEMPLATES } from "@/lib/workflow/templates";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import { AppError } from "../errors";
import { exportWorkflowFile, getVersion, importWorkflowFile, listVersions, restoreVersion, saveVersion } from "./workflow-versions";
import { createWorkflow, deleteWorkflow, duplicateWorkflow, getWorkflow, listWorkflows, renameWorkflow, setArchived } from "./workflows";

const getDatabase = withTestDatabase();
const template = TEMPLATES[0]!;
const list = (overrides: object = {}) => ({ sort: "updated" as const, direction: "desc" as const, status: "active" as const, page: 1, pageSize: 20, ...overrides });

async function versionCount(id: string) {
  const [row] = await getDatabase().db.select({ n: count() }).from(workflowVersions).where(eq(workflowVersions.workflowId, id));
  return row!.n;
}

describe("workflows service", () => {
  it("creates blank and from a template, lists with search, sort, status and authors", async () => {
    const { db } = getDatabase();
    const op = await createTestUser(db, "operator");
    const blank = await createWorkflow(db, op.id, { name: "Zeta blank", description: "" });
    const fromTemplate = await createWorkflow(db, op.id, { name: "Alpha web", description: "three tiers", templateId: template.id });
    expect((await getWorkflow(db, blank.id)).definition.nodes).toEqual([]);
    const full = await getWorkflow(db, fromTemplate.id);
    expect(full.definition).toEqual(template.definition);
    expect(full).toMatchObject({ currentVersion: 1, createdBy: op.name, updatedBy: op.name, isArchived: false });

    const byName = await listWorkflows(db, list({ sort: "name", direction: "asc", search: "a" }));
    expect(byName.items.map((w) => w.name)).toEqual(["Alpha web", "Zeta blank"]);
    expect((await listWorkflows(db, list({ search: "three tiers" }))).items.map((w) => w.id)).toEqual([fromTemplate.id]);
    await expect(createWorkflow(db, op.id, { name: "x", description: "", templateId: "nope" })).rejects.toMatchObject({ code: "BAD_INPUT", field: "templateId" });
  });

  it("renames, duplicates, archives, restores and deletes", async () => {
    const { db } = getDatabase();
    const op = await createTestUser(db, "operator");
    const wf = await createWorkflow(db, op.id, { name: "Original", description: "", templateId: template.id });
    expect((await renameWorkflow(db, op.id, { id: wf.id, name: "Renamed", description: "d" })).name).toBe("Renamed");
    const copy = await duplicateWorkflow(db, op.id, wf.id);
    expect(copy.name).toBe("Copy of Renamed");
    expect((await getWorkflow(db, copy.id)).definition).toEqual(template.definition);
    await setArchived(db, op.id, wf.id, true);
    expect((await listWorkflows(db, list({ search: "Renamed" }))).items.map((w) => w.id)).toEqual([copy.id]);
    expect((await listWorkflows(db, list({ search: "Renamed", status: "archived" }))).items.map((w) => w.id)).toEqual([wf.id]);
    await setArchived(db, op.id, wf.id, false);
    await deleteWorkflow(db, wf.id);
    await expect(getWorkflow(db, wf.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await versionCount(wf.id)).toBe(0);
  });

  it("saves immutable versions and refuses to overwrite a newer one", async () => {
    const { db } = getDatabase();
    const op = await createTestUser(db, "operator");
    const wf = await createWorkflow(db, op.id, { name: "Versioned", description: "" });
    const definition = structuredClone(template.definition);
    expect(await saveVersion(db, op.id, { id: wf.id, baseVersion: 1, definition, message: "first" })).toEqual({ number: 2 });
    // Another editor who opened version 1 cannot save over version 2.
    const stale = await saveVersion(db, op.id, { id: wf.id, baseVersion: 1, definition: { nodes: [] }, message: "" }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(AppError);
    expect((stale as AppError).code).toBe("CONFLICT");
    expect((stale as AppError).message).toMatch(/Version 2 was saved by Test operator after you opened version 1/);
    expect((await getWorkflow(db, wf.id)).definition).toEqual(definition);

    const history = await listVersions(db, { id: wf.id, page: 1, pageSize: 50 });
    expect(history.items.map((v) => [v.number, v.message, v.author])).toEqual([
      [2, "first", op.name],
      [1, "Created", op.name],
    ]);
    expect((await getVersion(db, wf.id, 1)).definition.nodes).toEqual([]);
    expect(await restoreVersion(db, op.id, { id: wf.id, number: 1, baseVersion: 2 })).toEqual({ number: 3 });
    expect((await getWorkflow(db, wf.id)).definition.nodes).toEqual([]);
    expect((await getVersion(db, wf.id, 3)).message).toBe("Restored version 1");
  });

  it("rejects an invalid definition with every path, and stores nothing", async () => {
    const { db } = getDatabase();
    const op = await createTestUser(db, "operator");
    const wf = await createWorkflow(db, op.id, { name: "Strict", description: "" });
    const bad = structuredClone(template.definition) as unknown as { nodes: Array<Record<string, unknown>> };
    bad.nodes[1]!.type = "teleport";
    bad.nodes[2]!.position = { x: "left", y: 0 };
    const error = await saveVersion(db, op.id, { id: wf.id, baseVersion: 1, definition: bad, message: "" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_INPUT", issues: [{ path: "nodes[2].position.x" }] });
    bad.nodes[2]!.position = { x: 0, y: 0 };
    const error2 = await saveVersion(db, op.id, { id: wf.id, baseVersion: 1, definition: bad, message: "" }).catch((e: unknown) => e);
    expect(error2).toMatchObject({ code: "BAD_INPUT", issues: [{ path: "nodes[1].type", message: '"teleport" is not a known step type' }] });
    expect(await versionCount(wf.id)).toBe(1);
  });

  it("exports and imports every template without loss, in JSON and YAML", async () => {
    const { db } = getDatabase();
    const op = await createTestUser(db, "operator");
    for (const t of TEMPLATES) {
      const wf = await createWorkflow(db, op.id, { name: t.name, description: t.description, templateId: t.id });
      for (const format of ["json", "yaml"] as const) {
        const file = await exportWorkflowFile(db, { id: wf.id, format });
        expect(file.filename).toMatch(new RegExp(`\\.v1\\.${format}$`));
        const imported = await importWorkflowFile(db, op.id, { text: file.content, format });
        const back = await getWorkflow(db, imported.id);
        expect({ name: back.name, description: back.description, definition: back.definition }).toEqual({ name: t.name, description: t.description, definition: t.definition });
      }
    }
    const broken = (await exportWorkflowFile(db, { id: (await createWorkflow(db, op.id, { name: "B", description: "", templateId: template.id })).id, format: "yaml" })).content.replace(
      /type: [a-z-]+/,
      "type: warp-drive",
    );
    const before = (await listWorkflows(db, list({ status: "all", pageSize: 100 }))).total;
    await expect(importWorkflowFile(db, op.id, { text: broken })).rejects.toMatchObject({ code: "BAD_INPUT", issues: [{ path: "definition.nodes[0].type" }] });
    expect((await listWorkflows(db, list({ status: "all", pageSize: 100 }))).total).toBe(before);
  });
});
