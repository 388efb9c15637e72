import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import { authenticate } from "../auth/login";
import { AppError } from "../errors";
import { changeOwnPassword, createUser, listUsers, resetPassword, setDisabled, setRole } from "./users";

const getDatabase = withTestDatabase();

async function expectAppError(promise: Promise<unknown>, code: AppError["code"], message: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(message);
}

describe("users service", () => {
  it("creates a user with a one-time password that must be changed", async () => {
    const { db } = getDatabase();
    const { user, oneTimePassword } = await createUser(db, { email: "New.Person@Test.local", name: " New Person ", role: "operator" });
    expect(user).toMatchObject({ email: "new.person@test.local", name: "New Person", role: "operator", mustChangePassword: true });
    expect(user).not.toHaveProperty("passwordHash");
    const login = await authenticate(db, { email: user.email, password: oneTimePassword });
    expect(login.ok && login.user.mustChangePassword).toBe(true);

    await changeOwnPassword(db, user.id, oneTimePassword, "my very own password");
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row?.mustChangePassword).toBe(false);
    expect((await authenticate(db, { email: user.email, password: "my very own password" })).ok).toBe(true);
    await expectAppError(changeOwnPassword(db, user.id, "wrong current pw", "another password!"), "BAD_INPUT", /current password/);
  });

  it("refuses a duplicate e-mail, naming the field", async () => {
    const { db } = getDatabase();
    await createUser(db, { email: "dup@test.local", name: "A", role: "viewer" });
    const error = await createUser(db, { email: "DUP@test.local", name: "B", role: "viewer" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT", field: "email" });
  });

  it("searches by name or e-mail and paginates", async () => {
    const { db } = getDatabase();
    for (let i = 0; i < 5; i++) await createUser(db, { email: `page${i}@search.local`, name: `Paged ${i}`, role: "viewer" });
    const first = await listUsers(db, { search: "search.local", page: 1, pageSize: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((u) => u.email)).toEqual(["page0@search.local", "page1@search.local"]);
    const last = await listUsers(db, { search: "search.local", page: 3, pageSize: 2 });
    expect(last.items.map((u) => u.email)).toEqual(["page4@search.local"]);
    expect((await listUsers(db, { search: "Paged 3", page: 1, pageSize: 20 })).items).toHaveLength(1);
    // LIKE wildcards in the search are literal.
    expect((await listUsers(db, { search: "%", page: 1, pageSize: 20 })).total).toBe(0);
  });

  it("never demotes or disables the last active admin", async () => {
    const { db } = getDatabase();
    await db.update(users).set({ role: "viewer" }).where(eq(users.role, "admin"));
    const admin = await createTestUser(db, "admin");
    const other = await createTestUser(db, "operator");
    await expectAppError(setRole(db, admin.id, "operator"), "CONFLICT", /last active admin/);
    await expectAppError(setDisabled(db, other.id, admin.id, true), "CONFLICT", /last active admin/);

    // With a second admin, the first can be demoted; then the second is the last one.
    await setRole(db, other.id, "admin");
    expect((await setRole(db, admin.id, "viewer")).role).toBe("viewer");
    await expectAppError(setRole(db, other.id, "viewer"), "CONFLICT", /last active admin/);
    // A disabled admin does not count as active.
    await setRole(db, admin.id, "admin");
    await setDisabled(db, other.id, admin.id, true);
    await expectAppError(setRole(db, other.id, "operator"), "CONFLICT", /last active admin/);
  });

  it("does not let an admin disable themselves", async () => {
    const { db } = getDatabase();
    const admin = await createTestUser(db, "admin");
    await expectAppError(setDisabled(db, admin.id, admin.id, true), "CONFLICT", /your own account/);
  });

  it("resets a password: the old one stops working, the new one is one-time", async () => {
    const { db } = getDatabase();
    const { user, oneTimePassword: first } = await createUser(db, { email: "reset@test.local", name: "R", role: "viewer" });
    const { oneTimePassword: second } = await resetPassword(db, user.id);
    expect(second).not.toBe(first);
    expect((await authenticate(db, { email: user.email, password: first })).ok).toBe(false);
    expect((await authenticate(db, { email: user.email, password: second })).ok).toBe(true);
    await expectAppError(resetPassword(db, "00000000-0000-4000-8000-000000000000"), "NOT_FOUND", /No such user/);
  });
});
