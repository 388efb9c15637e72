import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { roleEnum, users } from "./identity";

export const auditOutcomeEnum = pgEnum("audit_outcome", ["success", "denied", "error"]);

/** Append-only: rows are inserted by the tRPC audit middleware and never updated or deleted by the app. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    actorEmail: text("actor_email"),
    actorRole: roleEnum("actor_role"),
    /** The procedure path, e.g. `users.setRole`. */
    action: text("action").notNull(),
    target: text("target"),
    outcome: auditOutcomeEnum("outcome").notNull(),
    /** tRPC error code when the outcome is not a success. */
    errorCode: text("error_code"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** The call's input with secret fields redacted. */
    input: jsonb("input"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_idx").on(t.actorId),
    index("audit_log_action_idx").on(t.action),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
