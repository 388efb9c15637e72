import { encode } from "next-auth/jwt";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { hashPassword } from "@/server/auth/password";

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

/** Inserts a user and returns the row (seed helpers return what they create). */
export async function createTestUser(db: Db, role: Role, overrides: { email?: string; isDisabled?: boolean } = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = overrides.email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const [row] = await db
    .insert(users)
    .values({ email, name: `Test ${role}`, role, passwordHash: await passwordHash, isDisabled: overrides.isDisabled ?? false })
    .returning();
  return row!;
}

/** A real next-auth session cookie for this user, as the sign-in route would set it. */
export async function sessionCookie(userId: string): Promise<string> {
  const token = await encode({ token: { sub: userId }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}
