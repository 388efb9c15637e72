import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";
import { getUserFromHeaders } from "./session";

const getDatabase = withTestDatabase();
const headersWith = (cookie: string) => new Headers({ cookie });

describe("sessions are checked against the database on every request", () => {
  it("reads the role from the database, so a role change applies at once", async () => {
    const { db } = getDatabase();
    const user = await createTestUser(db, "viewer");
    const cookie = await sessionCookie(user.id);
    expect((await getUserFromHeaders(headersWith(cookie)))?.role).toBe("viewer");
    await db.update(users).set({ role: "operator" }).where(eq(users.id, user.id));
    expect((await getUserFromHeaders(headersWith(cookie)))?.role).toBe("operator");
  });

  it("ends a disabled user's existing session on the next request", async () => {
    const { db } = getDatabase();
    const user = await createTestUser(db, "operator");
    const cookie = await sessionCookie(user.id);
    expect(await getUserFromHeaders(headersWith(cookie))).not.toBeNull();
    await db.update(users).set({ isDisabled: true }).where(eq(users.id, user.id));
    expect(await getUserFromHeaders(headersWith(cookie))).toBeNull();
  });

  it("rejects missing, forged and foreign-secret tokens", async () => {
    const { db } = getDatabase();
    const user = await createTestUser(db, "admin");
    expect(await getUserFromHeaders(new Headers())).toBeNull();
    expect(await getUserFromHeaders(headersWith("next-auth.session-token=garbage"))).toBeNull();
    const foreign = await encode({ token: { sub: user.id }, secret: "some-other-secret-some-other-secret-0000" });
    expect(await getUserFromHeaders(headersWith(`next-auth.session-token=${foreign}`))).toBeNull();
    const expired = await encode({ token: { sub: user.id }, secret: process.env.NEXTAUTH_SECRET!, maxAge: -3600 });
    expect(await getUserFromHeaders(headersWith(`next-auth.session-token=${expired}`))).toBeNull();
  });
});
