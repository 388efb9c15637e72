import { index, jsonb, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { runs } from "./runs";

export const resourceStatusEnum = pgEnum("resource_status", ["creating", "ready", "updating", "deleting", "deleted", "failed", "lost"]);

/** The inventory of what Stratus provisioned, in every provider; the source for drift checks. */
export const resources = pgTable(
  "resources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    accountId: uuid("account_id").references(() => providerAccounts.id, { onDelete: "set null" }),
    type: text("type").notNull(),
    region: text("region").notNull(),
    name: text("name").notNull(),
    externalId: text("external_id").notNull(),
    spec: jsonb("spec").$type<Record<string, unknown>>().notNull().default({}),
    /** What the provider reports (ip, url, port, …). */
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    status: resourceStatusEnum("status").notNull().default("creating"),
    tags: jsonb("tags").$type<Record<string, string>>().notNull().default({}),
    costPerHour: numeric("cost_per_hour", { precision: 12, scale: 4 }).notNull().default("0"),
    createdByRunId: uuid("created_by_run_id").references(() => runs.id, { onDelete: "set null" }),
    createdByStepId: text("created_by_step_id"),
    /** A retried step presents the same key: the provider returns the existing resource. */
    idempotencyKey: text("idempotency_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("resources_idempotency_key").on(t.provider, t.idempotencyKey),
    index("resources_run_idx").on(t.createdByRunId),
    index("resources_account_idx").on(t.accountId),
    index("resources_status_idx").on(t.status),
  ],
);

/** Provider credentials: secrets are AES-256-GCM ciphertext and never leave the server. */
export const providerAccounts = pgTable(
  "provider_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    name: text("name").notNull(),
    defaults: jsonb("defaults").$type<Record<string, string>>().notNull().default({}),
    /** base64(iv ‖ ciphertext ‖ tag) of the JSON secret fields; null when the provider needs none. */
    encryptedSecret: text("encrypted_secret"),
    /** Which key encrypted it (rotation). */
    keyId: text("key_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("provider_accounts_name_key").on(t.name)],
);

export type Resource = typeof resources.$inferSelect;
export type ProviderAccount = typeof providerAccounts.$inferSelect;
