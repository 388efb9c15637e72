import { asc, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { metricRollups, metricSamples } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { seriesKey } from "./catalog";
import { applyRetention, rollup, writeSamples } from "./store";

/** Rollups computed from known samples, and retention deleting exactly what is too old. */
const getDatabase = withTestDatabase();
const M = new Date(Date.UTC(2026, 0, 10, 12, 0, 0)); // a minute boundary
const s = (seconds: number) => new Date(M.getTime() + seconds * 1000);

describe("rollup", () => {
  it("keeps count, sum, min, max and the last value per series and minute, and is recomputed exactly when samples arrive later", async () => {
    const { db } = getDatabase();
    await writeSamples(db, [{ name: "queue_depth", labels: {}, value: 4 }, { name: "runs_finished", labels: { status: "failed" }, value: 1 }], s(0));
    await writeSamples(db, [{ name: "queue_depth", labels: {}, value: 10 }], s(20));
    await writeSamples(db, [{ name: "queue_depth", labels: {}, value: 1 }, { name: "runs_finished", labels: { status: "failed" }, value: 2 }], s(50));
    await writeSamples(db, [{ name: "queue_depth", labels: {}, value: 7 }], s(61)); // next minute
    await rollup(db, s(0));
    const rows = await db.select().from(metricRollups).orderBy(asc(metricRollups.series), asc(metricRollups.minute));
    expect(rows.map((r) => ({ series: r.series, minute: r.minute.toISOString(), count: r.count, sum: r.sum, min: r.min, max: r.max, last: r.last }))).toEqual([
      { series: "queue_depth", minute: s(0).toISOString(), count: 3, sum: 15, min: 1, max: 10, last: 1 },
      { series: "queue_depth", minute: s(60).toISOString(), count: 1, sum: 7, min: 7, max: 7, last: 7 },
      { series: 'runs_finished{status="failed"}', minute: s(0).toISOString(), count: 2, sum: 3, min: 1, max: 2, last: 2 },
    ]);
    expect(rows[2]!.labels).toEqual({ status: "failed" });

    // A later sample in the same minute: the minute is recomputed, not added to twice.
    await writeSamples(db, [{ name: "queue_depth", labels: {}, value: 3 }], s(90));
    await rollup(db, s(90));
    await rollup(db, s(90));
    const second = (await db.select().from(metricRollups)).find((r) => r.series === "queue_depth" && r.minute.getTime() === s(60).getTime());
    expect(second).toMatchObject({ count: 2, sum: 10, min: 3, max: 7, last: 3 });
    // The first minute was not read again.
    const first = (await db.select().from(metricRollups)).find((r) => r.series === "queue_depth" && r.minute.getTime() === s(0).getTime());
    expect(first).toMatchObject({ count: 3, sum: 15 });
  });

  it("writes a series once per instant", async () => {
    const { db } = getDatabase();
    await writeSamples(db, [{ name: "steps_running", labels: {}, value: 1 }], s(300));
    await writeSamples(db, [{ name: "steps_running", labels: {}, value: 99 }], s(300));
    const rows = (await db.select().from(metricSamples)).filter((r) => r.series === seriesKey("steps_running", {}));
    expect(rows.map((r) => r.value)).toEqual([1]);
  });
});

describe("applyRetention", () => {
  it("deletes raw samples older than the raw window and rollups older than the rollup window, and keeps the rest", async () => {
    const { db } = getDatabase();
    // Start from empty tables (the rows of the tests above are not part of this one).
    await db.delete(metricSamples).where(sql`true`);
    await db.delete(metricRollups).where(sql`true`);
    const now = new Date(Date.UTC(2026, 2, 1, 0, 0, 0));
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    await writeSamples(db, [{ name: "queue_depth", labels: {}, value: 1 }], hoursAgo(25));
    await writeSamples(db, [{ name: "queue_depth", labels: {}, value: 2 }], hoursAgo(23));
    await writeSamples(db, [{ name: "queue_depth", labels: {}, value: 3 }], hoursAgo(0.01));
    await rollup(db, hoursAgo(25));
    await db.insert(metricRollups).values([
      { series: "runs_started", name: "runs_started", minute: hoursAgo(31 * 24), count: 1, sum: 5, min: 5, max: 5, last: 5 },
      { series: "runs_started", name: "runs_started", minute: hoursAgo(29 * 24), count: 1, sum: 6, min: 6, max: 6, last: 6 },
    ]);

    const deleted = await applyRetention(db, { rawHours: 24, rollupDays: 30 }, now);
    expect(deleted).toEqual({ samples: 1, rollups: 1 });
    expect((await db.select().from(metricSamples)).map((r) => r.value).sort()).toEqual([2, 3]);
    const rollups = await db.select().from(metricRollups);
    expect(rollups.filter((r) => r.name === "runs_started").map((r) => r.sum)).toEqual([6]);
    // Rollups outlive their raw samples: the 25-hour-old minute is still charted.
    expect(rollups.filter((r) => r.name === "queue_depth")).toHaveLength(3);
  });
});
