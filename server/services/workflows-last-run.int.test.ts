import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runs, workflows, workflowVersions } from "@/db/schema";
import type { RunStatus } from "@/db/schema/runs";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import { createWorkflow, lastRunOf, listWorkflows } from "./workflows";

/** The workflows list's "Last run" column: each workflow's newest run, read in the list query itself. */
const getDatabase = withTestDatabase();
const list = (overrides: object = {}) => ({ sort: "updated" as const, direction: "desc" as const, status: "active" as const, page: 1, pageSize: 20, ...overrides });

async function addRun(workflowId: string, status: RunStatus, createdAt: Date) {
  const db = getDatabase().db;
  const [version] = await db.select({ id: workflowVersions.id }).from(workflowVersions).where(eq(workflowVersions.workflowId, workflowId));
  const [row] = await db.insert(runs).values({ workflowId, versionId: version!.id, versionNumber: 1, status, createdAt }).returning({ id: runs.id });
  return row!.id;
}

describe("workflows list: last run", () => {
  it("gives each workflow its newest run (status, time, id), null when never run, and sorts by it with never-run last", async () => {
    const { db } = getDatabase();
    const op = await createTestUser(db, "operator");
    const older = await createWorkflow(db, op.id, { name: "LR older", description: "" });
    const newer = await createWorkflow(db, op.id, { name: "LR newer", description: "" });
    const never = await createWorkflow(db, op.id, { name: "LR never", description: "" });
    const base = Date.now();
    const t = (minutesAgo: number) => new Date(base - minutesAgo * 60_000);
    await addRun(older.id, "succeeded", t(50));
    const olderLast = await addRun(older.id, "failed", t(40));
    await addRun(newer.id, "succeeded", t(30));
    const newerLast = await addRun(newer.id, "running", t(5));

    const byName = await listWorkflows(db, list({ search: "LR ", sort: "name", direction: "asc" }));
    const lastOf = Object.fromEntries(byName.items.map((w) => [w.name, w.lastRun]));
    expect(lastOf["LR older"]).toEqual({ id: olderLast, status: "failed", createdAt: t(40) });
    expect(lastOf["LR newer"]).toMatchObject({ id: newerLast, status: "running" });
    expect(lastOf["LR newer"]!.createdAt).toBeInstanceOf(Date);
    expect(lastOf["LR never"]).toBeNull();

    const desc = await listWorkflows(db, list({ search: "LR ", sort: "lastRun", direction: "desc" }));
    expect(desc.items.map((w) => w.id)).toEqual([newer.id, older.id, never.id]);
    const asc = await listWorkflows(db, list({ search: "LR ", sort: "lastRun", direction: "asc" }));
    expect(asc.items.map((w) => w.id)).toEqual([older.id, newer.id, never.id]);
    // One row per workflow whatever the number of runs (the join must not multiply rows), and the total agrees.
    expect(desc.total).toBe(3);

    // A new run becomes the last one at once.
    const latest = await addRun(older.id, "queued", new Date());
    const again = await listWorkflows(db, list({ search: "LR ", sort: "lastRun", direction: "desc" }));
    expect(again.items[0]).toMatchObject({ id: older.id, lastRun: { id: latest, status: "queued" } });
  });

  it("reads the last run through the (workflow_id, created_at) index, not by scanning every run", async () => {
    const { db } = getDatabase();
    const op = await createTestUser(db, "operator");
    const wf = await createWorkflow(db, op.id, { name: "LR plan", description: "" });
    for (let i = 0; i < 30; i++) await addRun(wf.id, "succeeded", new Date(Date.now() - i * 1000));
    // Tiny tables make a sequential scan cheapest: forbid it to see that the index can serve the query.
    await db.transaction(async (tx) => {
      await tx.execute("set local enable_seqscan = off");
      await tx.execute("analyze runs");
      const lastRun = lastRunOf(db);
      const plan = await tx.execute(sql`explain ${db.select({ id: lastRun.id }).from(workflows).leftJoinLateral(lastRun, sql`true`)}`);
      const text = (plan as { rows: { "QUERY PLAN": string }[] }).rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(text).toMatch(/runs_workflow_idx/);
    });
  });
});
