import "server-only";
import { asc, count, ne, sql, sum } from "drizzle-orm";
import type { Db } from "@/db/client";
import { resources } from "@/db/schema";
import { HOURS_PER_MONTH } from "@/lib/metrics/ranges";
import { rowsOf } from "./rows";

export const FINAL_RUN_STATUSES = ["succeeded", "failed", "cancelled", "rolled_back"] as const;
const FINAL = sql.raw(FINAL_RUN_STATUSES.map((s) => `'${s}'`).join(", "));

/**
 * The dashboard's headline numbers, read from the tables themselves (not from samples), so they are
 * exact: runs created since `todayStart` (the viewer's midnight); of the runs that ended since `since`,
 * the share that succeeded and the 95th percentile of their duration (continuous, as percentile_cont);
 * what is not deleted, by provider, and its cost/hour × 730.
 */
export async function dashboardKpis(db: Db, input: { since: Date; todayStart: Date }) {
  const since = input.since.toISOString();
  const [[row], byProvider] = await Promise.all([
    db.execute(sql`
      select
        (select count(*)::int from runs where created_at >= ${input.todayStart.toISOString()}::timestamptz) as "runsToday",
        count(*)::int as finished,
        (count(*) filter (where status = 'succeeded'))::int as succeeded,
        (percentile_cont(0.95) within group (order by extract(epoch from finished_at - started_at) * 1000)
          filter (where started_at is not null))::float8 as "p95RunMs"
      from runs where finished_at >= ${since}::timestamptz and status in (${FINAL})`).then((r) => rowsOf<{ runsToday: number; finished: number; succeeded: number; p95RunMs: number | null }>(r)),
    db
      .select({ provider: resources.provider, count: count(), costPerHour: sum(resources.costPerHour) })
      .from(resources)
      .where(ne(resources.status, "deleted"))
      .groupBy(resources.provider)
      .orderBy(asc(resources.provider)),
  ]);
  const providers = byProvider.map((p) => ({ provider: p.provider, count: p.count, costPerHour: Number(p.costPerHour ?? 0) }));
  const costPerHour = providers.reduce((total, p) => total + p.costPerHour, 0);
  return {
    runsToday: row?.runsToday ?? 0,
    finishedRuns: row?.finished ?? 0,
    successRate: row && row.finished > 0 ? row.succeeded / row.finished : null,
    p95RunMs: row?.p95RunMs ?? null,
    activeResources: providers.reduce((total, p) => total + p.count, 0),
    resourcesByProvider: providers,
    monthlyCost: Math.round(costPerHour * HOURS_PER_MONTH * 100) / 100,
  };
}
