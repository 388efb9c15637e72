import "server-only";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { runEvents, runs, runSteps, workflows, workflowVersions } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { approverRoleOf, mayDecideApproval } from "../auth/approver";
import { stepStateOf } from "../engine/store";
import { policyHoldOf } from "../engine/transitions";
import { listRuns } from "./runs";

/** Runs that are not over: only their steps can still wait for a decision. */
const NOT_OVER = ["queued", "running", "waiting", "rolling_back"] as const;
/** The dashboard shows this many; the runs list's filter shows them all, paged. */
const PANEL_LIMIT = 50;

const configSchema = z.record(z.string(), z.unknown()).catch({});

/**
 * Every step waiting for a person, in runs that are not over, oldest first: what the approval rule needs
 * (the step's row and its node's config, read out of the pinned definition in SQL rather than loading the
 * whole definition) and what a list shows. `since` is when the step began to wait (its latest
 * `step.waiting` history entry). The run status index narrows it to live runs first.
 */
async function heldSteps(db: Db, runIds?: string[]) {
  const filters: SQL[] = [inArray(runs.status, [...NOT_OVER]), eq(runSteps.status, "waiting")];
  if (runIds) filters.push(inArray(runs.id, runIds));
  const node = sql`jsonb_path_query_first(${workflowVersions.definition}, '$.nodes[*] ? (@.id == $id)', jsonb_build_object('id', ${runSteps.stepId}))`;
  const since = sql`(select max(${runEvents.at}) from ${runEvents} where ${runEvents.runId} = ${runSteps.runId} and ${runEvents.stepId} = ${runSteps.stepId} and ${runEvents.type} = 'step.waiting')`;
  return db
    .select({
      runId: runs.id,
      workflowId: runs.workflowId,
      workflowName: workflows.name,
      stepId: runSteps.stepId,
      stepName: sql<string | null>`${node}->>'name'`,
      // jsonb: parsed by one driver, text from the other.
      config: sql`${node}->'config'`.mapWith((v: unknown): unknown => (typeof v === "string" ? (JSON.parse(v) as unknown) : v)),
      attempt: runSteps.attempt,
      status: runSteps.status,
      output: runSteps.output,
      error: runSteps.error,
      notBefore: runSteps.notBefore,
      finishedAt: runSteps.finishedAt,
      since: sql`${since}`.mapWith(runEvents.at),
    })
    .from(runs)
    .innerJoin(runSteps, eq(runSteps.runId, runs.id))
    .innerJoin(workflows, eq(workflows.id, runs.workflowId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, runs.versionId))
    .where(and(...filters))
    .orderBy(asc(since), asc(runs.id), asc(runSteps.stepId));
}

export type WaitingApproval = Awaited<ReturnType<typeof waitingFor>>[number];

/**
 * The steps waiting for a decision this role may take (server/auth/approver.ts, the rule `runs.approve`
 * enforces): a viewer gets none, an operator the approvals operators may decide, an admin all of them.
 * `runIds` narrows the search to those runs.
 */
export async function waitingFor(db: Db, role: Role, options: { runIds?: string[] } = {}) {
  if (options.runIds?.length === 0) return [];
  const rows = await heldSteps(db, options.runIds);
  return rows.flatMap((row) => {
    const step = stepStateOf(row);
    const approverRole = approverRoleOf({ config: configSchema.parse(row.config) }, step);
    if (!mayDecideApproval(role, approverRole)) return [];
    const hold = policyHoldOf(step);
    return [
      {
        runId: row.runId,
        workflowId: row.workflowId,
        workflowName: row.workflowName,
        stepId: row.stepId,
        stepName: row.stepName ?? row.stepId,
        kind: hold ? ("policy" as const) : ("approval" as const),
        /** A policy's own message (plain text); an approval's message may hold expressions the run view resolves. */
        policyMessage: hold?.message ?? null,
        approverRole,
        since: row.since, // written in the commit that made the step wait
      },
    ];
  });
}

/** The dashboard's "Waiting for your approval": the oldest first, and how many there are in all. */
export async function waitingForPanel(db: Db, role: Role) {
  const all = await waitingFor(db, role);
  return { items: all.slice(0, PANEL_LIMIT), total: all.length };
}

type ListInput = Parameters<typeof listRuns>[1] & { awaitingMe?: boolean };

/**
 * `runs.list` for this role: each row says whether it waits for the role's decision, and `awaitingMe`
 * keeps only those runs. Only a page's live runs are checked, so a page of finished runs costs nothing more.
 */
export async function listRunsFor(db: Db, role: Role, { awaitingMe, ...input }: ListInput) {
  if (awaitingMe) {
    const runIds = [...new Set((await waitingFor(db, role)).map((w) => w.runId))];
    if (runIds.length === 0) return { items: [], total: 0, page: input.page, pageSize: input.pageSize };
    const page = await listRuns(db, { ...input, runIds });
    return { ...page, items: page.items.map((r) => ({ ...r, isWaitingForMe: true })) };
  }
  const page = await listRuns(db, input);
  const live = page.items.filter((r) => (NOT_OVER as readonly string[]).includes(r.status)).map((r) => r.id);
  const waiting = new Set((await waitingFor(db, role, { runIds: live })).map((w) => w.runId));
  return { ...page, items: page.items.map((r) => ({ ...r, isWaitingForMe: waiting.has(r.id) })) };
}
