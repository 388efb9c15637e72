import { describe, expect, it } from "vitest";
import { metricRollups } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { seriesKey } from "./catalog";
import { resourceSeries, runsOverTime, stepDurations } from "./charts";
import { dashboardKpis } from "./kpis";
import { measuredResources, recentActivity } from "./lists";
import { rollup, writeSamples } from "./store";
import { at, insertResource, insertRun, insertStep, seedWorkflow } from "./test-fixtures";

/** The dashboard's reads, against rows whose expected figures are worked out by hand. */
const getDatabase = withTestDatabase();
const NOW = new Date();
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe("dashboardKpis", () => {
  it("counts today's runs, the success rate and p95 duration of runs ended in range, live resources by provider and their monthly cost", async () => {
    const { db } = getDatabase();
    const wf = await seedWorkflow(db);
    const todayStart = minutesAgo(120);
    // Durations 10, 20, 30, 40 s (ended within the last hour); one old run ended 2 days ago is out of range.
    for (const [i, status] of (["succeeded", "succeeded", "succeeded", "failed"] as const).entries()) {
      await insertRun(db, wf, { status, createdAt: minutesAgo(30), startedAt: minutesAgo(30), finishedAt: at(minutesAgo(30), (i + 1) * 10_000) });
    }
    await insertRun(db, wf, { status: "failed", createdAt: minutesAgo(3000), startedAt: minutesAgo(3000), finishedAt: minutesAgo(2990) });
    await insertRun(db, wf, { status: "running", createdAt: minutesAgo(1), startedAt: minutesAgo(1) });
    await insertResource(db, { provider: "aws-sim", type: "compute.instance", costPerHour: "0.1000" });
    await insertResource(db, { provider: "aws-sim", type: "storage.bucket", costPerHour: "0.0250", status: "failed" });
    await insertResource(db, { provider: "aws-sim", type: "compute.instance", costPerHour: "5.0000", status: "deleted" });
    await insertResource(db, { provider: "local", type: "compute.group", costPerHour: "0" });

    const kpis = await dashboardKpis(db, { since: minutesAgo(60), todayStart });
    expect(kpis.runsToday).toBe(5);
    expect(kpis.finishedRuns).toBe(4);
    expect(kpis.successRate).toBe(0.75);
    // percentile_cont: rank 0.95 × 3 = 2.85 between 30 s and 40 s → 38.5 s
    expect(kpis.p95RunMs).toBeCloseTo(38_500, 0);
    expect(kpis.resourcesByProvider).toEqual([
      { provider: "aws-sim", count: 2, costPerHour: 0.125 },
      { provider: "local", count: 1, costPerHour: 0 },
    ]);
    expect(kpis.activeResources).toBe(3);
    expect(kpis.monthlyCost).toBe(91.25); // 0.125 × 730

    const empty = await dashboardKpis(db, { since: new Date(NOW.getTime() + 60_000), todayStart: new Date(NOW.getTime() + 60_000) });
    expect(empty).toMatchObject({ runsToday: 0, finishedRuns: 0, successRate: null, p95RunMs: null });
  });
});

describe("charts", () => {
  it("buckets runs started and finished by status from the rollups, with zeros where nothing happened", async () => {
    const { db } = getDatabase();
    const t = (m: number) => new Date(Math.floor(minutesAgo(m).getTime() / 60_000) * 60_000);
    await db.insert(metricRollups).values([
      { series: "runs_started", name: "runs_started", minute: t(10), count: 3, sum: 4, min: 0, max: 2, last: 2 },
      { series: 'runs_finished{status="failed"}', name: "runs_finished", labels: { status: "failed" }, minute: t(10), count: 1, sum: 1, min: 1, max: 1, last: 1 },
      { series: 'runs_finished{status="succeeded"}', name: "runs_finished", labels: { status: "succeeded" }, minute: t(5), count: 2, sum: 3, min: 1, max: 2, last: 2 },
      { series: "runs_started", name: "runs_started", minute: t(120), count: 1, sum: 9, min: 9, max: 9, last: 9 }, // out of range
    ]);
    const buckets = await runsOverTime(db, { since: minutesAgo(60), now: NOW, bucketSeconds: 60 });
    expect(buckets.length).toBeGreaterThanOrEqual(60);
    expect(buckets.find((b) => b.t === t(10).getTime())).toMatchObject({ started: 4, failed: 1, succeeded: 0 });
    expect(buckets.find((b) => b.t === t(5).getTime())).toMatchObject({ started: 0, succeeded: 3 });
    expect(buckets.reduce((n, b) => n + b.started, 0)).toBe(4);
  });

  it("computes step duration p50/p95 per type from summed histogram buckets", async () => {
    const { db } = getDatabase();
    // 10 attempts of "script": 5 in (25, 50], 4 in (50, 100], 1 in (1000, 2500]; total 900 ms.
    const minute = new Date(Math.floor(minutesAgo(3).getTime() / 60_000) * 60_000);
    const bucket = (le: string, n: number) => ({ series: seriesKey("step_duration_ms_bucket", { type: "script", le }), name: "step_duration_ms_bucket", labels: { type: "script", le }, minute, count: 1, sum: n, min: n, max: n, last: n });
    await db.insert(metricRollups).values([bucket("50", 5), bucket("100", 4), bucket("2500", 1), { series: 'step_duration_ms_sum{type="script"}', name: "step_duration_ms_sum", labels: { type: "script" }, minute, count: 1, sum: 900, min: 900, max: 900, last: 900 }]);
    const [script] = await stepDurations(db, minutesAgo(60));
    expect(script!.type).toBe("script");
    expect(script!.count).toBe(10);
    expect(script!.p50Ms).toBe(50); // rank 5 ends the (25, 50] bucket
    expect(script!.p95Ms).toBe(1_750); // rank 9.5: halfway through (1000, 2500]
    expect(script!.meanMs).toBe(90);
  });

  it("charts a resource's CPU, memory and latency from raw samples, or per-bucket means of the rollups", async () => {
    const { db } = getDatabase();
    const local = await insertResource(db, { provider: "local", type: "compute.group" });
    const sim = await insertResource(db, { provider: "aws-sim", type: "compute.group" });
    const t1 = new Date(Math.floor(minutesAgo(4).getTime() / 60_000) * 60_000);
    const t2 = at(t1, 30_000);
    await writeSamples(db, [{ name: "resource_cpu_percent", labels: { resource: local.id }, value: 10 }, { name: "resource_memory_bytes", labels: { resource: local.id }, value: 50 * 1_048_576 }, { name: "resource_memory_percent", labels: { resource: sim.id }, value: 40 }, { name: "resource_memory_bytes", labels: { resource: sim.id }, value: 1 }], t1);
    await writeSamples(db, [{ name: "resource_cpu_percent", labels: { resource: local.id }, value: 30 }, { name: "resource_latency_ms", labels: { resource: sim.id }, value: 12 }], t2);
    await rollup(db, t1);

    const raw = await resourceSeries(db, { resourceIds: [local.id, sim.id], since: minutesAgo(60), bucketSeconds: null });
    expect(raw.cpu).toEqual([{ t: t1.getTime(), [local.id]: 10 }, { t: t2.getTime(), [local.id]: 30 }]);
    expect(raw.memory).toEqual([{ t: t1.getTime(), [local.id]: 50, [sim.id]: 40 }]);
    expect(raw.latency).toEqual([{ t: t2.getTime(), [sim.id]: 12 }]);
    expect(raw.memoryUnits).toEqual({ [local.id]: "MB", [sim.id]: "%" });

    const rolled = await resourceSeries(db, { resourceIds: [local.id], since: minutesAgo(60), bucketSeconds: 300 });
    expect(rolled.cpu).toHaveLength(1);
    expect(rolled.cpu[0]![local.id]).toBe(20);
    expect(await resourceSeries(db, { resourceIds: [], since: minutesAgo(60), bucketSeconds: null })).toMatchObject({ cpu: [], memory: [], latency: [] });
  });
});

describe("lists", () => {
  it("lists the newest runs and the failed step attempts in range, and the resources that can be charted", async () => {
    const { db } = getDatabase();
    const wf = await seedWorkflow(db, "Failing workflow");
    const run = await insertRun(db, wf, { status: "failed", createdAt: at(NOW, 1_000), startedAt: at(NOW, 1_000), finishedAt: at(NOW, 2_000) });
    await insertStep(db, run.id, { stepId: "vm", status: "failed", startedAt: at(NOW, 1_000), finishedAt: at(NOW, 1_500), error: "x".repeat(1_000) });
    await insertStep(db, run.id, { stepId: "check", status: "succeeded", startedAt: at(NOW, 1_000), finishedAt: at(NOW, 1_500) });
    const { recentRuns, failingSteps } = await recentActivity(db, { since: minutesAgo(60), limit: 3 });
    expect(recentRuns).toHaveLength(3);
    expect(recentRuns[0]).toMatchObject({ id: run.id, status: "failed", workflowName: "Failing workflow" });
    expect(failingSteps).toHaveLength(1);
    expect(failingSteps[0]).toMatchObject({ runId: run.id, stepId: "vm", attempt: 1, workflowName: "Failing workflow" });
    expect(failingSteps[0]!.error).toHaveLength(300);

    const measured = await measuredResources(db);
    expect(measured.every((r) => ["compute.instance", "compute.group", "network.loadBalancer"].includes(r.type) && r.status !== "deleted")).toBe(true);
    expect(measured[0]!.type).toBe("compute.group");
  });
});
