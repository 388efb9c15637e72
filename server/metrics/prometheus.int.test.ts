import { count, eq, isNotNull, ne, and, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources, runs, runSteps } from "@/db/schema";
import { GET } from "@/app/api/metrics/route";
import { withTestDatabase } from "@/test/db";
import { startQueue, stopQueue } from "../queue/boss";
import { handleMetricsRequest, isTokenValid } from "./http";
import { writeSamples } from "./store";
import { at, insertResource, insertRun, insertStep, seedWorkflow } from "./test-fixtures";

/** /api/metrics: refused without the right token; with it, the text format, parsed, agrees with the tables. */
const getDatabase = withTestDatabase();
const TOKEN = "a-long-enough-metrics-token-123";
beforeAll(() => startQueue(getDatabase()));
afterAll(() => stopQueue());

type Line = { name: string; labels: Record<string, string>; value: number };
/** A small parser of the Prometheus text format (exposition 0.0.4): samples only, HELP/TYPE skipped. */
function parse(text: string): { samples: Line[]; types: Record<string, string> } {
  const samples: Line[] = [];
  const types: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types[type[1]!] = type[2]!;
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\"/g, '"').replace(/\\n/g, "\n").replace(/\\\\/g, "\\");
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}
const get = (auth?: string) => new Request("http://localhost/api/metrics", { headers: auth ? { authorization: auth } : {} });

describe("/api/metrics", () => {
  it("answers 401 to everyone while no token is configured, and to a missing or wrong token", async () => {
    const db = () => getDatabase().db;
    expect((await GET(get(`Bearer ${TOKEN}`))).status).toBe(401); // the real route: STRATUS_METRICS_TOKEN is not set
    expect((await handleMetricsRequest(get(`Bearer ${TOKEN}`), { db, token: undefined })).status).toBe(401);
    expect((await handleMetricsRequest(get(), { db, token: TOKEN })).status).toBe(401);
    expect((await handleMetricsRequest(get(`Bearer ${TOKEN}x`), { db, token: TOKEN })).status).toBe(401);
    const refused = await handleMetricsRequest(get(`Basic ${TOKEN}`), { db, token: TOKEN });
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain(TOKEN);
    expect(isTokenValid(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it("serves counters, levels, resources and the latest resource samples that match the database", async () => {
    const { db } = getDatabase();
    const wf = await seedWorkflow(db);
    const now = new Date();
    for (const status of ["succeeded", "succeeded", "failed"] as const) {
      const run = await insertRun(db, wf, { status, createdAt: now, startedAt: now, finishedAt: at(now, 5_000) });
      await insertStep(db, run.id, { stepId: "vm", status: status === "failed" ? "failed" : "succeeded", startedAt: now, finishedAt: at(now, 100) });
      if (status === "failed") await insertStep(db, run.id, { stepId: "vm", status: "failed", attempt: 2, startedAt: at(now, 200), finishedAt: at(now, 300) });
    }
    await insertRun(db, wf, { status: "running", createdAt: now, startedAt: now });
    const group = await insertResource(db, { provider: "local", type: "compute.group", name: 'web "blue"', costPerHour: "0.5000" });
    await insertResource(db, { provider: "aws-sim", type: "compute.instance", costPerHour: "0.0416" });
    await insertResource(db, { provider: "aws-sim", type: "compute.instance", costPerHour: "9", status: "deleted" });
    await writeSamples(db, [{ name: "resource_cpu_percent", labels: { resource: group.id }, value: 12.5 }], at(now, -60_000));
    await writeSamples(db, [{ name: "resource_cpu_percent", labels: { resource: group.id }, value: 33.25 }], now);
    await writeSamples(db, [{ name: "resource_latency_ms", labels: { resource: group.id }, value: 8 }], at(now, -3_600_000)); // stale: not exported

    const res = await handleMetricsRequest(get(`Bearer ${TOKEN}`), { db: () => db, token: TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parse(await res.text());
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    const [started] = await db.select({ n: count() }).from(runs).where(isNotNull(runs.startedAt));
    const [failedRuns] = await db.select({ n: count() }).from(runs).where(eq(runs.status, "failed"));
    const [retries] = await db.select({ n: count() }).from(runSteps).where(and(gt(runSteps.attempt, 1), isNotNull(runSteps.startedAt)));
    const [failedSteps] = await db.select({ n: count() }).from(runSteps).where(eq(runSteps.status, "failed"));
    const [live] = await db.select({ n: count() }).from(resources).where(and(eq(resources.provider, "aws-sim"), ne(resources.status, "deleted")));
    expect(types.stratus_runs_started_total).toBe("counter");
    expect(value("stratus_runs_started_total")).toBe(started!.n);
    expect(value("stratus_runs_finished_total", { status: "failed" })).toBe(failedRuns!.n);
    expect(value("stratus_runs_finished_total", { status: "succeeded" })).toBe(2);
    expect(value("stratus_step_attempts_finished_total", { status: "failed" })).toBe(failedSteps!.n);
    expect(value("stratus_step_retries_total")).toBe(retries!.n);
    expect(value("stratus_runs_active")).toBe(1);
    expect(value("stratus_queue_depth")).toBe(0);
    expect(value("stratus_resources", { provider: "aws-sim" })).toBe(live!.n);
    expect(value("stratus_resources_cost_per_hour", { provider: "local" })).toBe(0.5);
    expect(types.stratus_resource_cpu_percent).toBe("gauge");
    expect(value("stratus_resource_cpu_percent", { resource: group.id, provider: "local", type: "compute.group", resource_name: 'web "blue"' })).toBe(33.25);
    expect(value("stratus_resource_latency_ms")).toBeUndefined();
  });
});
