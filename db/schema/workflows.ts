import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { users } from "./identity";

export const workflows = pgTable(
  "workflows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    isArchived: boolean("is_archived").notNull().default(false),
    /** The newest version's number; saving must name it (optimistic concurrency). */
    currentVersion: integer("current_version").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("workflows_updated_at_idx").on(t.updatedAt),
    index("workflows_created_by_idx").on(t.createdBy),
    index("workflows_updated_by_idx").on(t.updatedBy),
  ],
);

/** Immutable: a row is never updated. A run pins the version it ran. */
export const workflowVersions = pgTable(
  "workflow_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    definition: jsonb("definition").$type<WorkflowDefinition>().notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    message: text("message").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("workflow_versions_workflow_number_key").on(t.workflowId, t.number),
    index("workflow_versions_author_idx").on(t.authorId),
  ],
);

export type Workflow = typeof workflows.$inferSelect;
export type WorkflowVersion = typeof workflowVersions.$inferSelect;
