// The engine's own overhead per step, on the real queue and database (ARCHITECTURE.md "The engine").
// Steps are provision-instance on a no-op driver: state, history, job and provider call, no real cloud.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { WorkflowDefinition } from "../lib/workflow/schema";

process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.STRATUS_DATA_DIR ??= `/tmp/stratus-bench-engine-${process.pid}`;

const { migrateDatabase, openDatabase } = await import("../db/client");
const { runs, runSteps, users } = await import("../db/schema");
const { eq, inArray } = await import("drizzle-orm");
const { setDatabase } = await import("../server/db");
const { startQueue, stopQueue, getQueue } = await import("../server/queue/boss");
const { startEngine, stopEngine } = await import("../server/engine/executor");
const { startRun } = await import("../server/services/runs");
const { insertWorkflow } = await import("../server/services/workflows");
const { seedPolicies } = await import("../server/services/policies");
const { createNoopDriver } = await import("../server/providers/noop");
const { GET: health } = await import("../app/api/health/route");
type Definition = WorkflowDefinition;

const node = (id: string) => ({ id, type: "provision-instance", name: id, position: { x: 0, y: 0 }, config: { provider: "aws-sim", region: "local" }, onError: "fail" as const });
const chain = (n: number): Definition => ({ inputs: [], onFailure: "stop", nodes: Array.from({ length: n }, (_, i) => node(`s${i}`)), edges: Array.from({ length: n - 1 }, (_, i) => ({ source: `s${i}`, target: `s${i + 1}`, on: "success" as const })) });
const fan = (n: number): Definition => ({
  inputs: [],
  onFailure: "stop",
  nodes: [node("first"), ...Array.from({ length: n }, (_, i) => node(`m${i}`)), node("last")],
  edges: [...Array.from({ length: n }, (_, i) => ({ source: "first", target: `m${i}`, on: "success" as const })), ...Array.from({ length: n }, (_, i) => ({ source: `m${i}`, target: "last", on: "success" as const }))],
});
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function suite(kind: "pglite" | "postgres", url?: string) {
  let drop: (() => Promise<void>) | undefined;
  const name = `stratus_bench_engine_${process.pid}`;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const u = url ? new URL(url) : null;
  if (u) u.pathname = `/${name}`;
  const database = u ? openDatabase({ url: u.toString(), maxConnections: 20 }) : openDatabase({ dataDir: "memory://" });
  await migrateDatabase(database);
  setDatabase(database);
  await startQueue(database);
  await startEngine({ db: database.db, boss: getQueue()!, providers: { "aws-sim": createNoopDriver() }, concurrency: 64, notifyOtherProcesses: kind === "postgres" }, { batchSize: 16 });
  const [actor] = await database.db.insert(users).values({ email: `bench-${kind}@x.local`, name: "Bench", role: "operator" }).returning();
  const me = { id: actor!.id, email: actor!.email, name: actor!.name, role: "operator" as const, mustChangePassword: false };

  async function runOne(definition: Definition) {
    const wf = await insertWorkflow(database.db, me.id, { name: "bench", description: "", definition, message: "" });
    const t0 = performance.now();
    const { id } = await startRun(database.db, me, { workflowId: wf.id, inputs: {} });
    return { id, t0 };
  }
  async function waitDone(ids: string[]) {
    for (;;) {
      const rows = await database.db.select({ status: runs.status }).from(runs).where(inArray(runs.id, ids));
      if (rows.every((r) => ["succeeded", "failed", "cancelled"].includes(r.status))) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async function assertSucceeded(id: string) {
    const [run] = await database.db.select({ status: runs.status }).from(runs).where(eq(runs.id, id));
    if (run?.status !== "succeeded") {
      const failed = await database.db.select({ stepId: runSteps.stepId, error: runSteps.error }).from(runSteps).where(eq(runSteps.runId, id));
      throw new Error(`bench run ${run?.status}: ${JSON.stringify(failed.filter((f) => f.error).slice(0, 3))}`);
    }
  }
  async function gaps(id: string) {
    await assertSucceeded(id);
    const rows = await database.db.select({ stepId: runSteps.stepId, startedAt: runSteps.startedAt }).from(runSteps).where(eq(runSteps.runId, id));
    const starts = rows.filter((r) => r.startedAt).map((r) => ({ i: Number(r.stepId.slice(1)), t: r.startedAt!.getTime() })).sort((a, b) => a.i - b.i);
    return starts.slice(1).map((s, k) => s.t - starts[k]!.t);
  }

  await waitDone([(await runOne(chain(5))).id]); // warm-up
  // Three chains of 40, one after the other: 117 step-to-step gaps.
  const g40: number[] = [];
  for (let i = 0; i < 3; i++) {
    const c40 = await runOne(chain(40));
    await waitDone([c40.id]);
    g40.push(...(await gaps(c40.id)));
  }
  const f = await runOne(fan(40));
  await waitDone([f.id]);
  const fanMs = performance.now() - f.t0;

  const healthMs: number[] = [];
  let isChainRunning = true;
  const prober = (async () => {
    while (isChainRunning) {
      const t = performance.now();
      await health();
      healthMs.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const c1000 = await runOne(chain(1000));
  await waitDone([c1000.id]);
  isChainRunning = false;
  await prober;
  const g1000 = await gaps(c1000.id);
  const start = g1000.slice(0, 20);
  const end = g1000.slice(-20);
  const growth = q(end, 0.5) / Math.max(0.5, q(start, 0.5));

  // 100 runs of one 3-step workflow, started at once: from the first start to the last run's end.
  const three = await insertWorkflow(database.db, me.id, { name: "bench-3", description: "", definition: chain(3), message: "" });
  const t100 = performance.now();
  const many = await Promise.all(Array.from({ length: 100 }, () => startRun(database.db, me, { workflowId: three.id, inputs: {} })));
  await waitDone(many.map((m) => m.id));
  const runsPerS = 100 / ((performance.now() - t100) / 1000);

  // The same chains with the seeded policies on (server/policy/seeds.ts): each step is judged and its
  // decisions stored — the policy hook's real cost (issue 6).
  await seedPolicies(database.db, actor!.id);
  const g40p: number[] = [];
  for (let i = 0; i < 3; i++) {
    const c = await runOne(chain(40));
    await waitDone([c.id]);
    g40p.push(...(await gaps(c.id)));
  }

  await stopEngine();
  await stopQueue();
  await database.close();
  await drop?.();
  return {
    chain40_p50_ms: q(g40, 0.5),
    chain40_p95_ms: q(g40, 0.95),
    fanout40_ms: Math.round(fanMs),
    chain1000_start_p50_ms: q(start, 0.5),
    chain1000_end_p50_ms: q(end, 0.5),
    chain1000_growth: Number(growth.toFixed(2)),
    runs_per_s_100: Number(runsPerS.toFixed(1)),
    health_p99_ms_during_chain: Number(q(healthMs, 0.99).toFixed(1)),
    chain40_p50_ms_with_policies: q(g40p, 0.5),
    chain40_p95_ms_with_policies: q(g40p, 0.95),
  };
}

export async function runEngineBench(): Promise<void> {
  const pglite = await suite("pglite");
  const results: Record<string, typeof pglite> = { pglite };
  const url = process.env.DATABASE_URL ?? process.env.BENCH_DATABASE_URL;
  if (url) results.postgres = await suite("postgres", url);
  console.log(`\nStratus engine bench — Node ${process.version}\n`);
  const keys = Object.keys(pglite) as (keyof typeof pglite)[];
  console.log(`| metric | ${Object.keys(results).join(" | ")} |\n|---|${Object.keys(results).map(() => "---").join("|")}|`);
  for (const k of keys) console.log(`| ${k} | ${Object.values(results).map((r) => r[k]).join(" | ")} |`);
  const dir = path.join(process.cwd(), "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "engine.json"), `${JSON.stringify({ ...results, node: process.version, date: new Date().toISOString() }, null, 2)}\n`);
  console.log("\nwrote bench/results/engine.json");
}
