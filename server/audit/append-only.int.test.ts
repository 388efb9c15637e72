import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import { writeAudit } from "./write";

/**
 * Issue 6 item 5: audit rows cannot be changed or deleted through the application's own connection
 * (migration 0009's trigger). Every attempt goes through the same drizzle handle the app uses.
 */
const getDatabase = withTestDatabase();
const db = () => getDatabase().db;

/** The database's refusal, wherever the driver wrapped it (drizzle keeps it as the cause). */
async function expectRefused(attempt: Promise<unknown>, operation: "UPDATE" | "DELETE" | "TRUNCATE") {
  const error = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${operation} should have been refused`).not.toBeNull();
  const chain: string[] = [];
  const codes: unknown[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    chain.push(e.message);
    codes.push((e as { code?: unknown }).code);
  }
  expect(chain.join(" | ")).toContain(`audit_log is append-only: ${operation} refused`);
  expect(codes).toContain("42501"); // insufficient_privilege
}

async function auditedRow(actor: { id: string; email: string } | null, action = "test.tamper") {
  await writeAudit(db(), {
    actorId: actor?.id ?? null,
    actorEmail: actor?.email ?? null,
    actorRole: actor ? "operator" : null,
    action,
    target: "target-1",
    outcome: "success",
    errorCode: null,
    ip: "198.51.100.4",
    userAgent: "append-only-test",
    input: { name: "before" },
  });
  const [row] = await db().select().from(auditLog).where(eq(auditLog.action, action));
  return row!;
}

async function reread(id: string) {
  const [row] = await db().select().from(auditLog).where(eq(auditLog.id, id));
  return row;
}

describe("audit_log is append-only", () => {
  it("accepts inserts", async () => {
    const actor = await createTestUser(db(), "operator");
    const row = await auditedRow(actor, "test.insert");
    expect(row).toMatchObject({ actorId: actor.id, actorEmail: actor.email, action: "test.insert", input: { name: "before" } });
  });

  it("refuses an update of every single column, and the row stays as it was", async () => {
    const actor = await createTestUser(db(), "operator");
    const other = await createTestUser(db(), "admin");
    const row = await auditedRow(actor, "test.update-each");
    const changes: Partial<typeof auditLog.$inferInsert>[] = [
      { id: "00000000-0000-4000-8000-0000000000aa" },
      { at: new Date("2000-01-01T00:00:00Z") },
      { actorId: other.id },
      { actorEmail: "someone-else@test.local" },
      { actorRole: "admin" },
      { action: "test.innocent" },
      { target: "target-2" },
      { outcome: "denied" },
      { errorCode: "FORBIDDEN" },
      { ip: "203.0.113.9" },
      { userAgent: "forged" },
      { input: { name: "after" } },
      { actorEmail: row.actorEmail }, // even a write that changes nothing
    ];
    for (const change of changes) await expectRefused(db().update(auditLog).set(change).where(eq(auditLog.id, row.id)), "UPDATE");
    expect(await reread(row.id)).toEqual(row);
  });

  it("refuses an update through raw SQL and one that touches every row", async () => {
    const row = await auditedRow(null, "test.update-raw");
    await expectRefused(db().execute(sql`update audit_log set outcome = 'error' where id = ${row.id}`), "UPDATE");
    await expectRefused(db().update(auditLog).set({ target: "all" }).where(sql`true`), "UPDATE");
    expect(await reread(row.id)).toEqual(row);
  });

  it("refuses delete and truncate, and the rows are still there", async () => {
    const row = await auditedRow(null, "test.delete");
    const [before] = await db().select({ n: sql<number>`count(*)::int` }).from(auditLog);
    await expectRefused(db().delete(auditLog).where(eq(auditLog.id, row.id)), "DELETE");
    await expectRefused(db().delete(auditLog).where(sql`true`), "DELETE");
    await expectRefused(db().execute(sql`truncate audit_log`), "TRUNCATE");
    await expectRefused(db().execute(sql`truncate table audit_log cascade`), "TRUNCATE");
    const [after] = await db().select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect(after!.n).toBe(before!.n);
    expect(await reread(row.id)).toEqual(row);
  });

  it("lets a user whose actions are audited be deleted, keeping their rows (actor_id null, e-mail and role kept)", async () => {
    const actor = await createTestUser(db(), "operator");
    const row = await auditedRow(actor, "test.user-deleted");
    await db().delete(users).where(eq(users.id, actor.id));
    expect(await db().select().from(users).where(eq(users.id, actor.id))).toEqual([]);
    expect(await reread(row.id)).toEqual({ ...row, actorId: null });
  });

  it("refuses a tampering that sets actor_id to null together with anything else", async () => {
    const actor = await createTestUser(db(), "operator");
    const row = await auditedRow(actor, "test.disguised");
    for (const change of [{ actorEmail: null }, { action: "test.other" }, { outcome: "error" as const }, { input: null }, { at: new Date() }]) {
      await expectRefused(db().update(auditLog).set({ actorId: null, ...change }).where(eq(auditLog.id, row.id)), "UPDATE");
    }
    expect(await reread(row.id)).toEqual(row);
  });

  it("refuses setting actor_id to null by hand on a row whose actor is already gone", async () => {
    const row = await auditedRow(null, "test.already-null");
    await expectRefused(db().update(auditLog).set({ actorId: null }).where(eq(auditLog.id, row.id)), "UPDATE");
  });

  // Migration 0010: only the foreign key's own SET NULL (the user is gone, inside the cascade) may detach.
  it("refuses setting actor_id to null by hand while the actor still exists", async () => {
    const actor = await createTestUser(db(), "operator");
    const row = await auditedRow(actor, "test.detach");
    await expectRefused(db().update(auditLog).set({ actorId: null }).where(eq(auditLog.id, row.id)), "UPDATE");
  });
});
