import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricRollups, metricSamples, metricSamplerState } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { startBus, stopBus, subscribe, type BusEvent } from "../events/bus";
import { ProviderError, type ProviderDriver } from "../providers/types";
import { startQueue, stopQueue } from "../queue/boss";
import { seriesKey } from "./catalog";
import { collectEngine } from "./collect-engine";
import { samplePass, type SamplerOptions } from "./sampler";
import { at, insertResource, insertRun, insertStep, seedWorkflow } from "./test-fixtures";

/** Engine metrics from known rows, and whole passes with drivers that answer, fail and are missing. */
const getDatabase = withTestDatabase();
const T0 = new Date(Date.UTC(2026, 0, 10, 12, 0, 0));

beforeAll(async () => {
  await startQueue(getDatabase()); // the queue-depth read needs pg-boss's tables
  await startBus(getDatabase());
});
afterAll(async () => {
  await stopBus();
  await stopQueue();
});

describe("collectEngine", () => {
  it("counts what started and ended inside the window, by status, and buckets step durations by step type", async () => {
    const { db } = getDatabase();
    const wf = await seedWorkflow(db);
    // Inside (T0, T0+10s]: two runs start, one succeeds, one fails; before/after the window: ignored.
    const ok = await insertRun(db, wf, { status: "succeeded", createdAt: T0, startedAt: at(T0, 1_000), finishedAt: at(T0, 9_000) });
    const bad = await insertRun(db, wf, { status: "failed", createdAt: T0, startedAt: at(T0, 2_000), finishedAt: at(T0, 8_000) });
    await insertRun(db, wf, { status: "succeeded", createdAt: at(T0, -60_000), startedAt: at(T0, -50_000), finishedAt: T0 }); // ends exactly at `from`: excluded
    await insertRun(db, wf, { status: "running", createdAt: at(T0, 11_000), startedAt: at(T0, 11_000) }); // after `to`
    await insertStep(db, ok.id, { stepId: "vm", status: "succeeded", startedAt: at(T0, 1_000), finishedAt: at(T0, 1_040) }); // 40 ms → le 50
    await insertStep(db, ok.id, { stepId: "check", status: "succeeded", startedAt: at(T0, 2_000), finishedAt: at(T0, 2_300) }); // 300 ms → le 500
    await insertStep(db, bad.id, { stepId: "vm", status: "failed", startedAt: at(T0, 3_000), finishedAt: at(T0, 3_020) }); // 20 ms → le 25
    await insertStep(db, bad.id, { stepId: "vm", status: "failed", attempt: 2, startedAt: at(T0, 4_000), finishedAt: at(T0, 4_045) }); // retry, 45 ms → le 50
    await insertStep(db, bad.id, { stepId: "wait", status: "skipped", finishedAt: at(T0, 5_000) });

    const samples = await collectEngine(db, { from: T0, to: at(T0, 10_000) });
    const value = (name: string, labels: Record<string, string> = {}) => samples.find((s) => seriesKey(s.name, s.labels) === seriesKey(name, labels))?.value;

    expect(value("runs_started")).toBe(2);
    expect(value("runs_finished", { status: "succeeded" })).toBe(1);
    expect(value("runs_finished", { status: "failed" })).toBe(1);
    expect(value("steps_finished", { status: "succeeded" })).toBe(2);
    expect(value("steps_finished", { status: "failed" })).toBe(2);
    expect(value("steps_finished", { status: "skipped" })).toBe(1);
    expect(value("step_retries")).toBe(1);
    expect(value("runs_active")).toBe(1);
    expect(value("queue_depth")).toBe(0);
    expect(value("step_duration_ms_bucket", { type: "create-instance", le: "50" })).toBe(2);
    expect(value("step_duration_ms_bucket", { type: "create-instance", le: "25" })).toBe(1);
    expect(value("step_duration_ms_bucket", { type: "http-check", le: "500" })).toBe(1);
    expect(value("step_duration_ms_sum", { type: "create-instance" })).toBeCloseTo(105, 5);
    expect(samples.some((s) => s.labels.type === "wait"), "a skipped step never ran: no duration").toBe(false);
  });
});

describe("samplePass", () => {
  const calls: string[] = [];
  const driver = (id: string, answer: (externalId: string) => Promise<Record<string, number>>): ProviderDriver => ({
    id,
    label: id,
    isSimulated: true,
    regions: ["r1"],
    supports: ["compute.group"],
    create: () => Promise.reject(new ProviderError("UNSUPPORTED", "no")),
    get: () => Promise.reject(new ProviderError("NOT_FOUND", "no")),
    update: () => Promise.reject(new ProviderError("UNSUPPORTED", "no")),
    delete: () => Promise.resolve(),
    list: () => Promise.resolve([]),
    metrics: (_type, externalId) => {
      calls.push(externalId);
      return answer(externalId);
    },
  });
  const providers = {
    good: driver("good", () => Promise.resolve({ cpuPercent: 42.5, memoryBytes: 2 * 1_048_576, requestsLastMinute: 120, p50LatencyMs: 7, errorsLastMinute: 6 })),
    broken: driver("broken", () => Promise.reject(new ProviderError("UNAVAILABLE", "cloud is down"))),
  };
  const options = (): SamplerOptions => ({ db: getDatabase().db, providers: () => providers, intervalMs: 10_000, retention: { rawHours: 24, rollupDays: 30 }, holder: "test-a" });

  it("writes engine and resource samples and their rollups, skips failing and unknown drivers, and publishes a metric event", async () => {
    const { db } = getDatabase();
    const good = await insertResource(db, { provider: "good", type: "compute.group" });
    const broken = await insertResource(db, { provider: "broken", type: "compute.group" });
    await insertResource(db, { provider: "missing", type: "compute.group" });
    await insertResource(db, { provider: "good", type: "compute.group", status: "deleted" });
    await insertResource(db, { provider: "good", type: "storage.bucket" });
    const events: BusEvent[] = [];
    const unsubscribe = subscribe((e) => events.push(e));

    const result = await samplePass(options());
    expect(result.isLeader).toBe(true);
    if (!result.isLeader) return;
    expect(result.failures).toBe(2);
    // Only ready resources of measured types, and only through a loaded driver.
    expect([...calls].sort()).toEqual([good.externalId, broken.externalId].sort());

    const cpuKey = seriesKey("resource_cpu_percent", { resource: good.id });
    const [cpu] = await db.select().from(metricSamples).where(eq(metricSamples.series, cpuKey));
    expect(cpu).toMatchObject({ name: "resource_cpu_percent", labels: { resource: good.id }, value: 42.5 });
    expect(cpu!.at.getTime()).toBe(result.at.getTime());
    const resourceValues = Object.fromEntries(
      (await db.select().from(metricSamples)).filter((s) => s.labels.resource === good.id).map((s) => [s.name, s.value]),
    );
    expect(resourceValues).toEqual({ resource_cpu_percent: 42.5, resource_memory_bytes: 2 * 1_048_576, resource_requests_per_second: 2, resource_latency_ms: 7, resource_error_rate_percent: 5 });
    const [rolled] = await db.select().from(metricRollups).where(eq(metricRollups.series, cpuKey));
    expect(rolled).toMatchObject({ count: 1, sum: 42.5, min: 42.5, max: 42.5, last: 42.5 });
    expect(result.names).toEqual(expect.arrayContaining(["runs_started", "queue_depth", "resource_cpu_percent"]));

    await expect.poll(() => events.find((e) => e.type === "metric")).toEqual({ type: "metric", names: result.names, at: result.at.toISOString() });
    unsubscribe();
  });

  it("lets one process sample at a time, and continues the window where the last pass ended", async () => {
    const { db } = getDatabase();
    const [before] = await db.select().from(metricSamplerState);
    expect(await samplePass({ ...options(), holder: "test-b" })).toEqual({ isLeader: false });
    const again = await samplePass(options());
    expect(again.isLeader).toBe(true);
    const [after] = await db.select().from(metricSamplerState);
    expect(after!.holder).toBe("test-a");
    expect(after!.windowEnd.getTime()).toBeGreaterThanOrEqual(before!.windowEnd.getTime());
    // The lease lapses: another process takes over.
    await db.update(metricSamplerState).set({ leaseUntil: new Date(Date.now() - 1_000) }).where(eq(metricSamplerState.id, "sampler"));
    expect((await samplePass({ ...options(), holder: "test-b" })).isLeader).toBe(true);
  });
});
