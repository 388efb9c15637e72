import "server-only";
import { and, asc, count, eq, ilike, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import type { CreateUserInput, ListUsersInput } from "@/lib/users/schemas";
import { normalizeEmail } from "../auth/login";
import { generatePassword, hashPassword, verifyPassword } from "../auth/password";
import { AppError } from "../errors";

/** What the API returns about a user: never the password hash. */
const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  isDisabled: users.isDisabled,
  mustChangePassword: users.mustChangePassword,
  createdAt: users.createdAt,
  lastLoginAt: users.lastLoginAt,
};

export type PublicUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  isDisabled: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
};

export async function listUsers(db: Db, input: ListUsersInput) {
  const term = input.search?.trim();
  const where = term
    ? or(ilike(users.email, `%${escapeLike(term)}%`), ilike(users.name, `%${escapeLike(term)}%`))
    : undefined;
  const [items, [totals]] = await Promise.all([
    db
      .select(publicColumns)
      .from(users)
      .where(where)
      .orderBy(asc(users.email))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return { items, total: totals?.total ?? 0, page: input.page, pageSize: input.pageSize };
}

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function getUser(db: Db, id: string): Promise<PublicUser> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id)).limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No such user.", { field: "id" });
  return row;
}

/** Creates a user with a one-time password (to be changed at first sign-in), returned once to the admin. */
export async function createUser(db: Db, input: CreateUserInput): Promise<{ user: PublicUser; oneTimePassword: string }> {
  const email = normalizeEmail(input.email);
  const oneTimePassword = input.password ?? generatePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const [row] = await db
    .insert(users)
    .values({ email, name: input.name.trim(), role: input.role, passwordHash, mustChangePassword: !input.password })
    .onConflictDoNothing({ target: users.email })
    .returning(publicColumns);
  if (!row) throw new AppError("CONFLICT", "A user with this email already exists.", { field: "email" });
  return { user: row, oneTimePassword };
}

/**
 * Runs `change` unless it would leave no active admin. The active admins are locked first, so two admins
 * demoting each other at once cannot both succeed.
 */
async function guardLastAdmin(db: Db, id: string, wouldRemoveAdmin: boolean, change: (tx: Db) => Promise<void>) {
  await db.transaction(async (tx) => {
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.isDisabled, false)))
      .for("update");
    if (wouldRemoveAdmin && admins.some((a) => a.id === id) && admins.length <= 1) {
      throw new AppError("CONFLICT", "This is the last active admin. Make another user an admin first.");
    }
    await change(tx);
  });
}

export async function setRole(db: Db, id: string, role: Role): Promise<PublicUser> {
  await getUser(db, id);
  await guardLastAdmin(db, id, role !== "admin", async (tx) => {
    await tx.update(users).set({ role, updatedAt: sql`now()` }).where(eq(users.id, id));
  });
  return getUser(db, id);
}

export async function setDisabled(db: Db, actorId: string, id: string, isDisabled: boolean): Promise<PublicUser> {
  if (isDisabled && actorId === id) {
    throw new AppError("CONFLICT", "You cannot disable your own account.", { field: "id" });
  }
  await getUser(db, id);
  await guardLastAdmin(db, id, isDisabled, async (tx) => {
    await tx.update(users).set({ isDisabled, updatedAt: sql`now()` }).where(eq(users.id, id));
  });
  return getUser(db, id);
}

/** Replaces the password with a new one-time password, returned once. */
export async function resetPassword(db: Db, id: string): Promise<{ user: PublicUser; oneTimePassword: string }> {
  await getUser(db, id);
  const oneTimePassword = generatePassword();
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true, updatedAt: sql`now()` })
    .where(eq(users.id, id));
  return { user: await getUser(db, id), oneTimePassword };
}

export async function changeOwnPassword(db: Db, id: string, currentPassword: string, newPassword: string) {
  const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, id)).limit(1);
  if (!row?.hash || !(await verifyPassword(row.hash, currentPassword))) {
    throw new AppError("BAD_INPUT", "The current password is not correct.", { field: "currentPassword" });
  }
  if (currentPassword === newPassword) {
    throw new AppError("BAD_INPUT", "Choose a password different from the current one.", { field: "newPassword" });
  }
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), mustChangePassword: false, updatedAt: sql`now()` })
    .where(and(eq(users.id, id), ne(users.isDisabled, true)));
}
