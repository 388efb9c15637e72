import "server-only";
import type { Db } from "@/db/client";
import { getUserFromHeaders, type CurrentUser } from "../auth/session";
import { db } from "../db";

export type Context = {
  db: Db;
  user: CurrentUser | null;
  ip: string | null;
  userAgent: string | null;
  /** Procedures may name what they acted on; the audit middleware records it. */
  audit: { target?: string };
};

export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0]!.trim();
  return headers.get("x-real-ip");
}

export async function createContext({ headers }: { headers: Headers }): Promise<Context> {
  return {
    db: db(),
    user: await getUserFromHeaders(headers),
    ip: clientIpFrom(headers),
    userAgent: headers.get("user-agent"),
    audit: {},
  };
}
