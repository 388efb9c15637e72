import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, bigint } from "drizzle-orm/pg-core";
import { users } from "./identity";
import { workflows, workflowVersions } from "./workflows";

export const RUN_STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "cancelled", "rolling_back", "rolled_back"] as const;
export const runStatusEnum = pgEnum("run_status", RUN_STATUSES);

export const STEP_STATUSES = ["pending", "running", "waiting", "succeeded", "failed", "skipped", "cancelled", "compensating", "compensated"] as const;
export const stepStatusEnum = pgEnum("step_status", STEP_STATUSES);

export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    /** The pinned, immutable version this run executes. */
    versionId: uuid("version_id")
      .notNull()
      .references(() => workflowVersions.id, { onDelete: "restrict" }),
    versionNumber: integer("version_number").notNull(),
    status: runStatusEnum("status").notNull().default("queued"),
    inputs: jsonb("inputs").$type<Record<string, unknown>>().notNull().default({}),
    /** "manual", "rerun", "api", "feedback:<rule>" … */
    trigger: text("trigger").notNull().default("manual"),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** For a rerun: the run whose succeeded steps' outputs are reused. */
    parentRunId: uuid("parent_run_id"),
    error: text("error"),
    /** The `seq` of the run's last history entry; every state change appends one, so it is also the state's version. */
    eventSeq: bigint("event_seq", { mode: "number" }).notNull().default(0),
    /** Set by a cancel request: steps still running when it came finish as cancelled. */
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("runs_workflow_idx").on(t.workflowId, t.createdAt),
    index("runs_version_idx").on(t.versionId),
    index("runs_actor_idx").on(t.actorId),
    index("runs_status_idx").on(t.status),
    index("runs_parent_idx").on(t.parentRunId),
    // A sub-workflow step attempt starts at most one child run (see server/engine/sub-workflow.ts).
    uniqueIndex("runs_child_trigger_key").on(t.trigger).where(sql`${t.trigger} like 'parent:%'`),
  ],
);

/** One row per step attempt: the record of what ran (queue jobs are transient). */
export const runSteps = pgTable(
  "run_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    stepId: text("step_id").notNull(),
    attempt: integer("attempt").notNull().default(1),
    status: stepStatusEnum("status").notNull().default("pending"),
    /** Stable across retries of one step in one run lineage: providers deduplicate creates by it. */
    idempotencyKey: text("idempotency_key").notNull(),
    output: jsonb("output").$type<Record<string, unknown>>(),
    error: text("error"),
    logs: jsonb("logs").$type<string[]>().notNull().default([]),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Earliest time a retry may start (backoff). */
    notBefore: timestamp("not_before", { withTimezone: true }),
  },
  (t) => [uniqueIndex("run_steps_run_step_attempt_key").on(t.runId, t.stepId, t.attempt), index("run_steps_run_idx").on(t.runId)],
);

/** Append-only history of a run; `seq` orders it. */
export const runEvents = pgTable(
  "run_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    type: text("type").notNull(),
    stepId: text("step_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("run_events_run_seq_key").on(t.runId, t.seq)],
);

export type Run = typeof runs.$inferSelect;
export type RunStep = typeof runSteps.$inferSelect;
export type RunEvent = typeof runEvents.$inferSelect;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];
