import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { users } from "./schema";

export const SEED_ADMIN_EMAIL = "admin@stratus.local";

/** Inserts the first admin when there is no user with its e-mail; returns its id when it did. */
export async function seedAdmin(db: Db, passwordHash: string): Promise<string | null> {
  const rows = await db
    .insert(users)
    .values({ email: SEED_ADMIN_EMAIL, name: "Administrator", role: "admin", passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  return rows[0]?.id ?? null;
}

export async function hasUser(db: Db, email: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return rows.length > 0;
}
