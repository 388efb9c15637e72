import "server-only";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { redact, storableText } from "./redact";

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
  const text = (value: string | null, max = 2000) => (value === null ? null : storableText(value.slice(0, max)));
  await db.insert(auditLog).values({
    ...record,
    actorEmail: text(record.actorEmail),
    action: text(record.action, 200)!,
    target: text(record.target, 500),
    userAgent: text(record.userAgent, 512),
    input: record.input === undefined ? null : redact(record.input),
  });
}
