import "server-only";
import { and, asc, count, desc, eq, gte, ilike, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, type AuditEntry } from "@/db/schema";
import type { AuditFilters, ListAuditInput } from "@/lib/audit/schemas";

/** `%`, `_` and `\` typed into a filter mean themselves, not LIKE wildcards. */
const likePart = (value: string) => `%${value.replace(/[\\%_]/g, "\\$&")}%`;

/**
 * The one translation of the audit filters into SQL, used by the page's list and by the export, so a file
 * always holds exactly the rows the page shows for the same filters. Text matches a part, case-insensitively;
 * the time range includes both ends.
 */
export function auditWhere(filters: AuditFilters): SQL | undefined {
  const parts: SQL[] = [];
  const actor = filters.actor?.trim();
  const action = filters.action?.trim();
  const target = filters.target?.trim();
  if (actor) parts.push(ilike(auditLog.actorEmail, likePart(actor)));
  if (action) parts.push(ilike(auditLog.action, likePart(action)));
  if (target) parts.push(ilike(auditLog.target, likePart(target)));
  if (filters.outcome) parts.push(eq(auditLog.outcome, filters.outcome));
  if (filters.from) parts.push(gte(auditLog.at, new Date(filters.from)));
  if (filters.to) parts.push(lte(auditLog.at, new Date(filters.to)));
  return parts.length ? and(...parts) : undefined;
}

/** Newest first; ties on the timestamp broken by id so pages and export chunks never overlap. */
const newestFirst = [desc(auditLog.at), desc(auditLog.id)];

export async function countAudit(db: Db, filters: AuditFilters): Promise<number> {
  const [row] = await db.select({ total: count() }).from(auditLog).where(auditWhere(filters));
  return row?.total ?? 0;
}

export async function listAudit(db: Db, input: ListAuditInput) {
  const [items, total] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(auditWhere(input))
      .orderBy(...newestFirst)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    countAudit(db, input),
  ]);
  return { items, total, page: input.page, pageSize: input.pageSize };
}

/** The action names recorded so far, for the filter's suggestions. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)).limit(500);
  return rows.map((r) => r.action);
}

/** The ids of the matching rows, newest first, at most `limit`: what an export will hold, fixed up front. */
export async function matchingAuditIds(db: Db, filters: AuditFilters, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(auditWhere(filters))
    .orderBy(...newestFirst)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * These rows in chunks of `chunkSize`, newest first, each chunk read by primary key (one scan and sort for
 * the ids, however many chunks follow). Rows never change or go away (append-only), so the result is exactly
 * the log as it was when the ids were read.
 */
export async function* auditRowsByIds(db: Db, ids: readonly string[], chunkSize = 2000): AsyncGenerator<AuditEntry[]> {
  for (let start = 0; start < ids.length; start += chunkSize) {
    // One array parameter, not thousands: the ids are uuids the database just returned.
    const slice = `{${ids.slice(start, start + chunkSize).join(",")}}`;
    yield await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.id} = any(${slice}::uuid[])`)
      .orderBy(...newestFirst);
  }
}
