import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { roleEnum, users } from "./identity";
import { runs } from "./runs";

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

export const policyEffectEnum = pgEnum("policy_effect", ["deny", "warn", "require_approval"]);

/**
 * Policies as code (ARCHITECTURE.md "Governance"): a CEL expression over a step's facts that must hold;
 * when it does not, the effect applies. Scope narrows it to providers and step types (empty = all).
 */
export const policies = pgTable(
  "policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    expression: text("expression").notNull(),
    /** Shown to the user when the expression does not hold. */
    message: text("message").notNull(),
    effect: policyEffectEnum("effect").notNull(),
    scopeProviders: text("scope_providers").array().notNull().default([]),
    scopeStepTypes: text("scope_step_types").array().notNull().default([]),
    isEnabled: boolean("is_enabled").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("policies_name_idx").on(t.name)],
);

export const policyOutcomeEnum = pgEnum("policy_outcome", ["pass", "deny", "warn", "require_approval", "error"]);

/** Every policy decision taken at run time, before a step ran (visible in the run). */
export const policyDecisions = pgTable(
  "policy_decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    stepId: text("step_id").notNull(),
    attempt: integer("attempt").notNull(),
    policyId: uuid("policy_id").references(() => policies.id, { onDelete: "set null" }),
    policyName: text("policy_name").notNull(),
    effect: policyEffectEnum("effect").notNull(),
    outcome: policyOutcomeEnum("outcome").notNull(),
    message: text("message"),
    /** The facts the expression saw (resolved configuration), for the record. */
    facts: jsonb("facts"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("policy_decisions_run_idx").on(t.runId, t.at)],
);

/**
 * Admin allow-list for outbound HTTP from steps (http-request, health checks): hosts or CIDRs that may be
 * reached although they are loopback, private, link-local or metadata addresses (SSRF guard).
 */
export const egressAllowList = pgTable("egress_allow_list", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** A host name (exact), an IP address, or a CIDR block (IPv4 or IPv6). */
  pattern: text("pattern").notNull().unique(),
  note: text("note").notNull().default(""),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Policy = typeof policies.$inferSelect;
export type PolicyDecision = typeof policyDecisions.$inferSelect;
