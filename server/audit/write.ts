import "server-only";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { redact } from "./redact";

export type AuditRecord = {
  actorId: string | null;
  actorEmail: string | null;
  actorRole: Role | null;
  action: string;
  target: string | null;
  outcome: "success" | "denied" | "error";
  errorCode: string | null;
  ip: string | null;
  userAgent: string | null;
  input: unknown;
};

export async function writeAudit(db: Db, record: AuditRecord): Promise<void> {
  await db.insert(auditLog).values({
    ...record,
    userAgent: record.userAgent?.slice(0, 512) ?? null,
    input: record.input === undefined ? null : redact(record.input),
  });
}
