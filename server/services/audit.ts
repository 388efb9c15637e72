import "server-only";
import { and, count, desc, eq, ilike, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { ListAuditInput } from "@/lib/audit/schemas";

export async function listAudit(db: Db, input: ListAuditInput) {
  const filters: SQL[] = [];
  if (input.action?.trim()) filters.push(ilike(auditLog.action, `%${input.action.trim()}%`));
  if (input.actor?.trim()) filters.push(ilike(auditLog.actorEmail, `%${input.actor.trim()}%`));
  if (input.outcome) filters.push(eq(auditLog.outcome, input.outcome));
  const where = filters.length ? and(...filters) : undefined;
  const [items, [totals]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return { items, total: totals?.total ?? 0, page: input.page, pageSize: input.pageSize };
}
