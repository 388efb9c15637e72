import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources, runSteps, simObjects } from "@/db/schema";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import { startBus, stopBus, subscribe, type BusEvent } from "../events/bus";
import { getQueue, startQueue, stopQueue } from "../queue/boss";
import { getRun, startRun } from "../services/runs";
import { insertWorkflow } from "../services/workflows";
import { startEngine, stopEngine } from "./executor";

/**
 * Durability across processes (PostgreSQL server mode only: PGlite is one process by design): a worker is
 * killed with SIGKILL in the middle of a run, another worker takes over, and the run completes with every
 * step exactly once and exactly one resource per create — also when the simulated cloud drops replies.
 */
const isServer = process.env.STRATUS_TEST_DB === "postgres";
const getDatabase = withTestDatabase();
const encryptionKey = randomBytes(32).toString("base64");

function worker(url: string, faults?: object): ChildProcess {
  return spawn("npx", ["tsx", "--conditions=react-server", "scripts/worker.ts"], {
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: url,
      STRATUS_ENCRYPTION_KEY: encryptionKey,
      STRATUS_SIM_SEED: "7",
      ...(faults ? { STRATUS_SIM_FAULTS: JSON.stringify(faults) } : {}),
    },
  });
}
function kill(p: ChildProcess) {
  try {
    if (p.pid) process.kill(-p.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** 8 creates on aws-sim, each followed by a 1-second wait, so there is time to kill a worker mid-run. */
const definition: WorkflowDefinition = {
  inputs: [],
  onFailure: "stop",
  nodes: Array.from({ length: 16 }, (_, i) =>
    i % 2 === 0
      ? { id: `vm_${i}`, type: "provision-instance", name: `vm ${i}`, position: { x: 0, y: 0 }, config: { provider: "aws-sim", region: "us-east-1", name: `vm-${i}` }, onError: "fail" as const, retry: { maxAttempts: 8, backoff: "fixed" as const, delaySeconds: 1 } }
      : { id: `pause_${i}`, type: "wait", name: `pause ${i}`, position: { x: 0, y: 0 }, config: { seconds: 1 }, onError: "fail" as const },
  ),
  edges: Array.from({ length: 15 }, (_, i) => ({ source: i % 2 === 0 ? `vm_${i}` : `pause_${i}`, target: (i + 1) % 2 === 0 ? `vm_${i + 1}` : `pause_${i + 1}`, on: "success" as const })),
};

describe.runIf(isServer)("a worker killed mid-run (PostgreSQL)", () => {
  const workers: ChildProcess[] = [];
  let actor: Awaited<ReturnType<typeof createTestUser>>;
  beforeAll(async () => {
    const database = getDatabase();
    await startQueue(database);
    await startBus(database); // the run's changes, committed by the worker processes, must reach this one
    // This process only starts runs; the spawned workers execute them.
    await startEngine({ db: database.db, boss: getQueue()!, providers: {} }, { isWorking: false });
    actor = await createTestUser(database.db, "operator");
  });
  afterAll(async () => {
    for (const w of workers) kill(w);
    await stopEngine();
    await stopBus();
    await stopQueue();
  });

  for (const faults of [undefined, { dropReplyRate: 0.3 }]) {
    it(`completes every step exactly once${faults ? " while replies are dropped" : ""}`, async () => {
      const database = getDatabase();
      if (database.kind !== "postgres") throw new Error("needs the PostgreSQL server");
      const url = database.url;
      const wf = await insertWorkflow(database.db, actor.id, { name: `crash ${Math.random()}`, description: "", definition, message: "" });
      const heard: Extract<BusEvent, { type: "run" }>[] = [];
      const unsubscribe = subscribe((e) => void (e.type === "run" && heard.push(e)));
      const first = worker(url, faults);
      workers.push(first);
      const { id } = await startRun(database.db, { id: actor.id, email: actor.email, name: actor.name, role: "operator", mustChangePassword: false }, { workflowId: wf.id, inputs: {} });
      // Kill the first worker once a few steps are done.
      for (let i = 0; i < 600; i++) {
        const done = (await getRun(database.db, id)).steps.filter((s) => s.status === "succeeded").length;
        if (done >= 4) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      kill(first);
      const second = worker(url, faults);
      workers.push(second);
      let run = await getRun(database.db, id);
      for (let i = 0; i < 900 && !["succeeded", "failed", "cancelled"].includes(run.status); i++) {
        await new Promise((r) => setTimeout(r, 100));
        run = await getRun(database.db, id);
      }
      kill(second);
      expect(run.status, run.steps.map((s) => `${s.stepId}#${s.attempt}:${s.status}:${s.error ?? ""}`).join(" ")).toBe("succeeded");
      // One succeeded attempt per step: a replayed job never committed a second result.
      const succeeded = await database.db.select({ stepId: runSteps.stepId, n: count() }).from(runSteps).where(eq(runSteps.runId, id)).groupBy(runSteps.stepId, runSteps.status).having(eq(runSteps.status, "succeeded"));
      expect(succeeded).toHaveLength(16);
      expect(succeeded.every((r) => r.n === 1)).toBe(true);
      // Exactly one cloud object and one inventory row per create, whatever was retried or replayed.
      const keys = run.steps.filter((s) => s.stepId.startsWith("vm_") && s.status === "succeeded").map((s) => s.idempotencyKey);
      const objects = await database.db.select({ key: simObjects.idempotencyKey }).from(simObjects);
      expect(objects.filter((o) => keys.includes(o.key))).toHaveLength(8);
      const inventory = await database.db.select({ id: resources.id }).from(resources).where(eq(resources.createdByRunId, id));
      expect(inventory).toHaveLength(8);
      // Live updates cross processes: every step's changes, made by the workers, were heard here.
      await new Promise((r) => setTimeout(r, 200)); // the last NOTIFY is on its way
      const mine = heard.filter((e) => e.runId === id);
      const lastSeq = Math.max(...run.events.map((e) => e.seq));
      expect(mine.map((e) => e.seq)).toContain(lastSeq);
      expect(mine.at(-1)?.status).toBe("succeeded");
      expect(mine.length).toBeGreaterThanOrEqual(16);
      unsubscribe();
    }, 180_000);
  }
});
