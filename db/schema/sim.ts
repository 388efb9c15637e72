import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * The simulated clouds' own state (what "AWS" would hold), kept in the database so the simulation survives
 * restarts and a retried create finds what the dropped reply had created.
 */
export const simObjects = pgTable(
  "sim_objects",
  {
    provider: text("provider").notNull(),
    externalId: text("external_id").notNull(),
    type: text("type").notNull(),
    region: text("region").notNull(),
    name: text("name").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    state: jsonb("state").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("sim_objects_pk").on(t.provider, t.externalId),
    uniqueIndex("sim_objects_idempotency_key").on(t.provider, t.idempotencyKey),
    index("sim_objects_type_idx").on(t.provider, t.type),
  ],
);

export type SimObject = typeof simObjects.$inferSelect;
