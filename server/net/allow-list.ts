import "server-only";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { egressAllowList, users } from "@/db/schema";
import { AppError } from "../errors";
import { type AllowRule, parsePattern } from "./allow-rules";

/**
 * The admin allow-list of destinations steps may reach although the SSRF guard would refuse them
 * (router: server/routers/egress.ts, page: Admin → Network).
 */

/** A pattern in its canonical spelling; the message says what is wrong with anything else. */
export const allowPatternSchema = z
  .string({ error: "Enter a host name, an IP address or a CIDR block." })
  .max(300, "Use at most 300 characters.")
  .transform((value, ctx) => {
    const parsed = parsePattern(value);
    if (parsed.ok) return parsed.pattern;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  });

export const addAllowEntryInput = z.strictObject({
  pattern: allowPatternSchema,
  note: z.string().trim().max(500, "Use at most 500 characters.").default(""),
});
export type AddAllowEntryInput = z.infer<typeof addAllowEntryInput>;
export const allowEntryIdInput = z.strictObject({ id: z.uuid({ error: "Not a valid entry id." }) });

export type AllowEntryView = { id: string; pattern: string; note: string; createdAt: Date; createdBy: string | null };

/** Every entry, or the one with `id`, with the e-mail of the admin who added it. */
export async function listAllowEntries(db: Db, id?: string): Promise<AllowEntryView[]> {
  return db
    .select({ id: egressAllowList.id, pattern: egressAllowList.pattern, note: egressAllowList.note, createdAt: egressAllowList.createdAt, createdBy: users.email })
    .from(egressAllowList)
    .leftJoin(users, eq(users.id, egressAllowList.createdBy))
    .where(id === undefined ? undefined : eq(egressAllowList.id, id))
    .orderBy(asc(egressAllowList.pattern));
}

export async function addAllowEntry(db: Db, input: AddAllowEntryInput, actorId: string): Promise<AllowEntryView> {
  const [row] = await db
    .insert(egressAllowList)
    .values({ pattern: input.pattern, note: input.note, createdBy: actorId })
    .onConflictDoNothing({ target: egressAllowList.pattern })
    .returning();
  if (!row) throw new AppError("CONFLICT", `${input.pattern} is already on the list.`, { field: "pattern" });
  const [entry] = await listAllowEntries(db, row.id);
  return entry ?? { id: row.id, pattern: row.pattern, note: row.note, createdAt: row.createdAt, createdBy: null };
}

export async function removeAllowEntry(db: Db, id: string): Promise<{ id: string; pattern: string }> {
  const [row] = await db.delete(egressAllowList).where(eq(egressAllowList.id, id)).returning({ id: egressAllowList.id, pattern: egressAllowList.pattern });
  if (!row) throw new AppError("NOT_FOUND", "This entry is no longer on the list (it may have been removed).", { field: "id" });
  return row;
}

/** The rules the guard applies; a stored pattern that no longer parses is skipped, never widened. */
export async function loadAllowRules(db: Db): Promise<AllowRule[]> {
  const rows = await db.select({ pattern: egressAllowList.pattern }).from(egressAllowList);
  return rows.flatMap(({ pattern }) => {
    const parsed = parsePattern(pattern);
    return parsed.ok ? [parsed.rule] : [];
  });
}
