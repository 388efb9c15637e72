import { desc, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/trpc/[trpc]/route";
import { auditLog } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";

const getDatabase = withTestDatabase();

async function post(path: string, input: unknown, cookie?: string) {
  const headers = new Headers({
    "content-type": "application/json",
    "user-agent": "audit-test/1.0",
    "x-forwarded-for": "203.0.113.7, 10.0.0.1",
  });
  if (cookie) headers.set("cookie", cookie);
  return POST(new NextRequest(`http://localhost/api/trpc/${path}`, { method: "POST", headers, body: JSON.stringify({ json: input }) }));
}

async function lastAudit(action: string) {
  const [row] = await getDatabase().db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.at)).limit(1);
  return row;
}

describe("audit middleware", () => {
  it("records a successful mutation with actor, target, origin and the input with secrets redacted", async () => {
    const admin = await createTestUser(getDatabase().db, "admin");
    const res = await post(
      "users.create",
      { email: "audited@test.local", name: "Audited", role: "viewer", password: "a secret password" },
      await sessionCookie(admin.id),
    );
    expect(res.status).toBe(200);
    const created = ((await res.json()) as { result: { data: { json: { user: { id: string } } } } }).result.data.json.user;

    const row = await lastAudit("users.create");
    expect(row).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      actorRole: "admin",
      outcome: "success",
      target: created.id,
      errorCode: null,
      ip: "203.0.113.7",
      userAgent: "audit-test/1.0",
      input: { email: "audited@test.local", name: "Audited", role: "viewer", password: "[redacted]" },
    });
    expect(JSON.stringify(row)).not.toContain("a secret password");
    expect(row!.at).toBeInstanceOf(Date);
  });

  it("records a denied call by a signed-in user who lacks the permission", async () => {
    const viewer = await createTestUser(getDatabase().db, "viewer");
    const target = await createTestUser(getDatabase().db, "operator");
    const res = await post("users.setRole", { id: target.id, role: "admin" }, await sessionCookie(viewer.id));
    expect(res.status).toBe(403);
    const row = await lastAudit("users.setRole");
    expect(row).toMatchObject({
      actorId: viewer.id,
      actorRole: "viewer",
      outcome: "denied",
      errorCode: "FORBIDDEN",
      target: target.id,
      input: { id: target.id, role: "admin" },
    });
  });

  it("records a denied call by an anonymous caller, and a failed mutation as an error", async () => {
    const res = await post("users.resetPassword", { id: "00000000-0000-4000-8000-000000000000" });
    expect(res.status).toBe(401);
    expect(await lastAudit("users.resetPassword")).toMatchObject({ actorId: null, outcome: "denied", errorCode: "UNAUTHORIZED" });

    const admin = await createTestUser(getDatabase().db, "admin");
    const bad = await post("users.create", { email: "not-an-email", name: "", role: "viewer" }, await sessionCookie(admin.id));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { json: { data: { fieldErrors: Record<string, string> } } } };
    expect(Object.keys(body.error.json.data.fieldErrors).sort()).toEqual(["email", "name"]);
    expect(await lastAudit("users.create")).toMatchObject({ actorId: admin.id, outcome: "error", errorCode: "BAD_REQUEST" });
  });

  it("does not audit allowed reads", async () => {
    const admin = await createTestUser(getDatabase().db, "admin");
    const before = await getDatabase().db.select().from(auditLog).where(eq(auditLog.action, "users.list"));
    const { GET } = await import("@/app/api/trpc/[trpc]/route");
    const input = encodeURIComponent(JSON.stringify({ json: {} }));
    const res = await GET(new NextRequest(`http://localhost/api/trpc/users.list?input=${input}`, { headers: { cookie: await sessionCookie(admin.id) } }));
    expect(res.status).toBe(200);
    const after = await getDatabase().db.select().from(auditLog).where(eq(auditLog.action, "users.list"));
    expect(after.length).toBe(before.length);
  });
});
