import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/trpc/[trpc]/route";
import { users } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";

/** Cross-site request forgery: mutations must be JSON, and a browser's Origin must be this site. */
const getDatabase = withTestDatabase();
let cookie: string;
beforeAll(async () => {
  cookie = await sessionCookie((await createTestUser(getDatabase().db, "admin")).id);
});

async function createUser(email: string, headers: Record<string, string>, body = JSON.stringify({ json: { email, name: "Forged", role: "admin", password: "a long enough password" } })) {
  const res = await POST(new NextRequest("http://localhost:3000/api/trpc/users.create", { method: "POST", headers: new Headers({ cookie, ...headers }), body }));
  const payload = (await res.json()) as { error?: { json: { message: string; data: { code: string } } } };
  const [created] = await getDatabase().db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return { status: res.status, code: payload.error?.json.data.code, message: payload.error?.json.message, isCreated: created !== undefined };
}

describe("tRPC mutations refuse forged requests", () => {
  it("refuses a body that is not JSON (what an HTML form of another site can send), and changes nothing", async () => {
    const r = await createUser("form@test.local", { "content-type": "text/plain" });
    expect(r).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE", isCreated: false });
    expect(r.message).toMatch(/JSON/);
    const form = await createUser("urlencoded@test.local", { "content-type": "application/x-www-form-urlencoded" }, "email=x");
    expect(form).toMatchObject({ status: 415, isCreated: false });
  });

  it("refuses a request from a page of another site, whatever its cookies, and changes nothing", async () => {
    for (const origin of ["https://evil.example", "http://localhost.evil.example:3000", "null", "http://localhost:3001"]) {
      const r = await createUser(`foreign-${Math.random().toString(36).slice(2)}@test.local`, { "content-type": "application/json", origin });
      expect(r, origin).toMatchObject({ status: 403, code: "FORBIDDEN", isCreated: false });
    }
  });

  it("lets this site's own pages and programs (no Origin) through", async () => {
    expect(await createUser("same-site@test.local", { "content-type": "application/json", origin: "http://localhost:3000" })).toMatchObject({ status: 200, isCreated: true });
    expect(await createUser("program@test.local", { "content-type": "application/json; charset=utf-8" })).toMatchObject({ status: 200, isCreated: true });
  });
});
