import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { metricSamples } from "@/db/schema";
import { seriesKey, type Sample } from "./catalog";

export type Retention = { rawHours: number; rollupDays: number };

/** Writes one pass's samples, all at `at`; a series already written at that instant is left as it is. */
export async function writeSamples(db: Db, samples: Sample[], at: Date): Promise<void> {
  if (samples.length === 0) return;
  const rows = samples.map((s) => ({ series: seriesKey(s.name, s.labels), name: s.name, labels: s.labels, at, value: s.value }));
  await db.insert(metricSamples).values(rows).onConflictDoNothing();
}

/**
 * Recomputes the per-minute rollups of every minute from the one holding `since` on, from the raw samples:
 * idempotent, and exact however many passes (or processes) wrote into the minute. A pass calls it with
 * its own time, so only the current minute is read again.
 */
export async function rollup(db: Db, since: Date): Promise<void> {
  await db.execute(sql`
    insert into metric_rollups (series, name, labels, minute, count, sum, min, max, last)
    select series, name, labels, date_trunc('minute', at), count(*)::int, sum(value), min(value), max(value), (array_agg(value order by at desc))[1]
    from metric_samples
    where at >= date_trunc('minute', ${since.toISOString()}::timestamptz)
    group by series, name, labels, date_trunc('minute', at)
    on conflict (series, minute) do update
      set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max, last = excluded.last`);
}

/** Deletes raw samples older than `rawHours` and rollups older than `rollupDays` (relative to `now`). */
export async function applyRetention(db: Db, retention: Retention, now: Date): Promise<{ samples: number; rollups: number }> {
  const rawCutoff = new Date(now.getTime() - retention.rawHours * 3_600_000).toISOString();
  const rollupCutoff = new Date(now.getTime() - retention.rollupDays * 86_400_000).toISOString();
  const [samples, rollups] = [
    await db.execute(sql`delete from metric_samples where at < ${rawCutoff}::timestamptz`),
    await db.execute(sql`delete from metric_rollups where minute < ${rollupCutoff}::timestamptz`),
  ];
  return { samples: affected(samples), rollups: affected(rollups) };
}

/** Rows changed by a statement, on either driver (node-postgres `rowCount`, PGlite `affectedRows`). */
function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? 0;
}
