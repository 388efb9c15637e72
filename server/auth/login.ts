import "server-only";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginAttempts, users, type User } from "@/db/schema";
import { getDecoyHash, verifyPassword } from "./password";

export const LOCKOUT_MAX_FAILURES = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

/** One message for an unknown e-mail and a wrong password, so the form does not reveal who has an account. */
export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password.";
export const DISABLED_MESSAGE = "This account is disabled. Ask an administrator to enable it.";
export function lockedMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" | "disabled" | "locked"; message: string; retryAfterMs?: number };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * When the account behind `email` is locked: 10 failures within 15 minutes (since the last success) lock it
 * until the oldest of those 10 leaves the window. Attempts while locked are refused without being counted,
 * so a locked-out attacker cannot keep the owner out forever.
 */
export async function lockedUntil(db: Db, email: string, now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
  const [lastSuccess] = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.isSuccess, true), gt(loginAttempts.at, since)))
    .orderBy(desc(loginAttempts.at))
    .limit(1);
  const from = lastSuccess && lastSuccess.at > since ? lastSuccess.at : since;
  const failures = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.isSuccess, false), gt(loginAttempts.at, from)))
    .orderBy(desc(loginAttempts.at))
    .limit(LOCKOUT_MAX_FAILURES);
  if (failures.length < LOCKOUT_MAX_FAILURES) return null;
  const oldest = failures[failures.length - 1]!.at;
  const until = new Date(oldest.getTime() + LOCKOUT_WINDOW_MS);
  return until > now ? until : null;
}

/** Checks a password sign-in and records the attempt. `now` is injectable for tests. */
export async function authenticate(
  db: Db,
  input: { email: string; password: string; ip?: string | null },
  now: Date = new Date(),
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const locked = await lockedUntil(db, email, now);
  if (locked) {
    const retryAfterMs = locked.getTime() - now.getTime();
    return { ok: false, reason: "locked", message: lockedMessage(retryAfterMs), retryAfterMs };
  }

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  // Verify against a decoy when there is no user, so timing does not tell whether the e-mail exists.
  const isValid = await verifyPassword(user?.passwordHash ?? (await getDecoyHash()), input.password);
  const isSuccess = Boolean(user?.passwordHash) && isValid;

  await db.insert(loginAttempts).values({ email, isSuccess, ip: input.ip ?? null, at: now });
  if (!isSuccess || !user) return { ok: false, reason: "invalid", message: INVALID_CREDENTIALS_MESSAGE };
  if (user.isDisabled) return { ok: false, reason: "disabled", message: DISABLED_MESSAGE };

  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  return { ok: true, user };
}

/** Old attempts are only needed for the window; housekeeping calls this. */
export async function pruneLoginAttempts(db: Db, now: Date = new Date()): Promise<void> {
  await db.delete(loginAttempts).where(sql`${loginAttempts.at} < ${new Date(now.getTime() - 24 * 3600_000)}`);
}
