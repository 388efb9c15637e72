import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { auditLog } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";
import { loadAllowRules } from "./allow-list";

/** The allow-list through the HTTP API, as the admin page uses it. */
const getDatabase = withTestDatabase();
let adminCookie = "";
let operatorCookie = "";

beforeAll(async () => {
  adminCookie = await sessionCookie((await createTestUser(getDatabase().db, "admin")).id);
  operatorCookie = await sessionCookie((await createTestUser(getDatabase().db, "operator")).id);
});

type Reply = { result?: { data: { json: unknown } }; error?: { json: { message: string; data: { code: string; fieldErrors?: Record<string, string> } } } };

async function call(path: string, input: unknown, cookie = adminCookie): Promise<{ status: number; body: Reply }> {
  const headers = new Headers({ cookie, "content-type": "application/json" });
  const res = input === undefined
    ? await GET(new NextRequest(`http://localhost/api/trpc/${path}`, { headers }))
    : await POST(new NextRequest(`http://localhost/api/trpc/${path}`, { method: "POST", headers, body: JSON.stringify({ json: input }) }));
  return { status: res.status, body: (await res.json()) as Reply };
}

describe("egress allow-list API", () => {
  it("adds entries in their canonical spelling, lists them, and removes them (audited)", async () => {
    const added = await call("egress.add", { pattern: " FD00:0000::/8 ", note: "lab network" });
    expect(added.status).toBe(200);
    const entry = added.body.result!.data.json as { id: string; pattern: string; note: string; createdBy: string };
    expect(entry).toMatchObject({ pattern: "fd00::/8", note: "lab network" });
    expect(entry.createdBy).toMatch(/@test\.local$/);
    await call("egress.add", { pattern: "Internal.Example.COM." });
    const listed = await call("egress.list", undefined);
    expect((listed.body.result!.data.json as { pattern: string }[]).map((e) => e.pattern)).toEqual(["fd00::/8", "internal.example.com"]);
    expect(await loadAllowRules(getDatabase().db)).toHaveLength(2);

    const duplicate = await call("egress.add", { pattern: "fd00::/8" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error!.json.message).toBe("fd00::/8 is already on the list.");

    expect((await call("egress.remove", { id: entry.id })).status).toBe(200);
    const again = await call("egress.remove", { id: entry.id });
    expect(again.status).toBe(404);
    const [audited] = await getDatabase().db.select().from(auditLog).where(and(eq(auditLog.action, "egress.add"), eq(auditLog.target, "fd00::/8")));
    expect(audited).toMatchObject({ outcome: "success", input: { pattern: " FD00:0000::/8 ", note: "lab network" } });
  });

  it.each([
    ["http://10.0.0.5/", /not a URL/],
    ["10.0.0.1/8", /did you mean 10\.0\.0\.0\/8\?/],
    ["127.1", /unusual spelling of 127\.0\.0\.1/],
    ["", /Enter a host name/],
    ["no spaces please", /not a valid host name/],
  ])("refuses %j with a message on the pattern field", async (pattern, message) => {
    const res = await call("egress.add", { pattern });
    expect(res.status).toBe(400);
    expect(res.body.error!.json.message).toMatch(message);
    expect(res.body.error!.json.data.fieldErrors?.pattern).toMatch(message);
  });

  it("is for admins only", async () => {
    expect((await call("egress.list", undefined, operatorCookie)).status).toBe(403);
    expect((await call("egress.add", { pattern: "10.0.0.0/8" }, operatorCookie)).status).toBe(403);
  });
});
