import "server-only";
import { eq } from "drizzle-orm";
import { decode } from "next-auth/jwt";
import { users } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { db } from "../db";
import { authSecret } from "./secret";

/** Who is calling, as read from the database on this request (never from the token's claims). */
export type CurrentUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
};

export { SESSION_COOKIE_NAMES } from "@/lib/auth/cookies";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/cookies";
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The user id in a valid session cookie, or null. */
export async function readSessionUserId(headers: Headers): Promise<string | null> {
  const cookie = headers.get("cookie");
  for (const name of SESSION_COOKIE_NAMES) {
    const token = readCookie(cookie, name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: authSecret() });
      if (payload && typeof payload.sub === "string") return payload.sub;
    } catch {
      // expired or forged: treated as no session
    }
  }
  return null;
}

/** The active user behind these request headers; disabled or deleted users get null at once. */
export async function getUserFromHeaders(headers: Headers): Promise<CurrentUser | null> {
  const id = await readSessionUserId(headers);
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      isDisabled: users.isDisabled,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!row || row.isDisabled) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, mustChangePassword: row.mustChangePassword };
}
