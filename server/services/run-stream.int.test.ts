import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkflowDefinition, WorkflowNode } from "@/lib/workflow/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import type { CurrentUser } from "../auth/session";
import { startEngine, stopEngine } from "../engine/executor";
import { EVENTS_CHANNEL, publish, startBus, stopBus, subscribe, type BusEvent } from "../events/bus";
import { createNoopDriver } from "../providers/noop";
import { getQueue, startQueue, stopQueue } from "../queue/boss";
import { watchRun, watchRuns, type RunDelta } from "./run-stream";
import { approve, getRun, startRun } from "./runs";
import { insertWorkflow } from "./workflows";

/** The live run stream on the real database and event bus (PGlite, and PostgreSQL in CI). */
const getDatabase = withTestDatabase();
const n = (id: string, type: string, config: Record<string, unknown> = {}): WorkflowNode => ({ id, type, name: id, position: { x: 0, y: 0 }, config, onError: "fail" });
const gated: WorkflowDefinition = {
  inputs: [],
  onFailure: "stop",
  nodes: [n("first", "notify", { message: "hello", severity: "info" }), n("gate", "manual-approval", { approverRole: "operator", message: "ok?" }), n("last", "notify", { message: "bye", severity: "info" })],
  edges: [
    { source: "first", target: "gate", on: "success" },
    { source: "gate", target: "last", on: "success" },
  ],
};

let actor: CurrentUser;
beforeAll(async () => {
  const database = getDatabase();
  await startQueue(database);
  await startBus(database);
  await startEngine({ db: database.db, boss: getQueue()!, providers: { "aws-sim": createNoopDriver() } });
  const u = await createTestUser(database.db, "operator");
  actor = { id: u.id, email: u.email, name: u.name, role: "operator", mustChangePassword: false };
});
afterAll(async () => {
  await stopEngine();
  await stopBus();
  await stopQueue();
});

async function waitFor(id: string, status: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const run = await getRun(getDatabase().db, id);
    if (run.status === status) return run;
    if (Date.now() > deadline) throw new Error(`run is ${run.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Reads the stream until `stop` says so (or it ends); aborts it afterwards like a closing browser. */
async function collect(stream: (signal: AbortSignal) => AsyncGenerator<RunDelta>, stop: (all: RunDelta[]) => boolean) {
  const controller = new AbortController();
  const all: RunDelta[] = [];
  for await (const delta of stream(controller.signal)) {
    all.push(delta);
    if (stop(all)) break;
  }
  controller.abort();
  return all;
}

describe("live run stream", () => {
  it("streams a run's changes as they commit, in order, without gap or duplicate, and ends at its final state", async () => {
    const db = getDatabase().db;
    const wf = await insertWorkflow(db, actor.id, { name: "stream", description: "", definition: gated, message: "" });
    const { id } = await startRun(db, actor, { workflowId: wf.id, inputs: {} });
    await waitFor(id, "waiting");
    const controller = new AbortController();
    const seen: RunDelta[] = [];
    const reading = (async () => {
      for await (const delta of watchRun(db, id, 0, controller.signal)) seen.push(delta);
    })();
    // The first message brings everything so far: the run is waiting at the gate.
    const deadline = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen[0]!.run.status).toBe("waiting");
    expect(seen[0]!.steps.find((s) => s.stepId === "gate")?.status).toBe("waiting");
    await approve(db, actor, { id, stepId: "gate", isApproved: true, comment: "go" });
    await reading; // the stream ends by itself once the final state is sent
    const final = await getRun(db, id);
    expect(final.status).toBe("succeeded");
    const last = seen[seen.length - 1]!;
    expect(last.isFinal).toBe(true);
    expect(last.run.status).toBe("succeeded");
    expect(seen.length).toBeGreaterThan(1); // the approval arrived as a live message, not in the first read
    const seqs = seen.flatMap((d) => d.events.map((e) => e.seq));
    expect(seqs).toEqual(final.events.map((e) => e.seq)); // every entry once, in order
    // Each step's latest attempt as streamed is the stored one.
    const streamed = new Map(seen.flatMap((d) => d.steps).map((s) => [`${s.stepId}:${s.attempt}`, s.status]));
    for (const s of final.steps) expect(streamed.get(`${s.stepId}:${s.attempt}`)).toBe(s.status);
  });

  it("resumes from a seq: only what came after it, nothing twice", async () => {
    const db = getDatabase().db;
    const wf = await insertWorkflow(db, actor.id, { name: "resume", description: "", definition: gated, message: "" });
    const { id } = await startRun(db, actor, { workflowId: wf.id, inputs: {} });
    await waitFor(id, "waiting");
    await approve(db, actor, { id, stepId: "gate", isApproved: true, comment: "go" });
    const final = await waitFor(id, "succeeded");
    const cut = final.events[2]!.seq; // a client that had received up to here, then lost its connection
    const resumed = await collect((signal) => watchRun(db, id, cut, signal), (all) => all[all.length - 1]!.isFinal);
    expect(resumed.flatMap((d) => d.events.map((e) => e.seq))).toEqual(final.events.filter((e) => e.seq > cut).map((e) => e.seq));
  });

  it("passes live log lines of the run, and stops when the client goes away", async () => {
    const db = getDatabase().db;
    const wf = await insertWorkflow(db, actor.id, { name: "logs", description: "", definition: gated, message: "" });
    const { id } = await startRun(db, actor, { workflowId: wf.id, inputs: {} });
    const waiting = await waitFor(id, "waiting");
    const controller = new AbortController();
    const stream = watchRun(db, id, waiting.events[waiting.events.length - 1]!.seq, controller.signal);
    const next = stream.next();
    await publish(db, { type: "log", runId: id, stepId: "gate", attempt: 1, lines: ["still waiting", "for you"] });
    await publish(db, { type: "log", runId: "00000000-0000-4000-8000-000000000000", stepId: "x", attempt: 1, lines: ["another run"] });
    const first = await next;
    if (first.done) throw new Error("the stream ended early");
    const value = first.value;
    expect(value.logs).toEqual([{ stepId: "gate", attempt: 1, lines: ["still waiting", "for you"] }]);
    expect(value.events).toEqual([]);
    controller.abort();
    const after = await stream.next();
    expect(after.done).toBe(true);
  });

  it("tells every run's status change to the runs list, batched", async () => {
    const db = getDatabase().db;
    const controller = new AbortController();
    const changes: { runId: string | null; status: string | null }[] = [];
    const batches: number[] = [];
    const wf = await insertWorkflow(db, actor.id, { name: "list", description: "", definition: gated, message: "" });
    let runId = "";
    const reading = (async () => {
      for await (const batch of watchRuns(controller.signal)) {
        batches.push(batch.length);
        changes.push(...batch);
        if (changes.some((c) => c.runId === runId && c.status === "waiting")) break;
      }
    })();
    runId = (await startRun(db, actor, { workflowId: wf.id, inputs: {} })).id;
    await reading;
    controller.abort();
    expect(changes[0]).toEqual({ runId: null, status: null }); // first: "read the list now"
    expect(changes.filter((c) => c.runId === runId).map((c) => c.status)).toContain("running");
    expect(batches.length).toBeLessThanOrEqual(changes.length);
  });

  // Another process needs a server to connect to: PostgreSQL only (PGlite lives inside this process).
  it.runIf(process.env.STRATUS_TEST_DB === "postgres")("delivers an event committed by another connection (another process) and nothing from a rollback", async () => {
    const database = getDatabase();
    if (database.kind !== "postgres") throw new Error("PostgreSQL only");
    const received: BusEvent[] = [];
    const stop = subscribe((e) => received.push(e));
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query("begin");
      await other.query("select pg_notify($1, $2)", [EVENTS_CHANNEL, JSON.stringify({ type: "metric", names: ["rolled-back"], at: "x" })]);
      await other.query("rollback");
      await other.query("select pg_notify($1, $2)", [EVENTS_CHANNEL, JSON.stringify({ type: "metric", names: ["from-elsewhere"], at: "x" })]);
      const deadline = Date.now() + 5_000;
      while (!received.some((e) => e.type === "metric") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      const names = received.flatMap((e) => (e.type === "metric" ? e.names : []));
      expect(names).toEqual(["from-elsewhere"]);
    } finally {
      stop();
      await other.end();
    }
  });
});
