import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources, runs as runsTable } from "@/db/schema";
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from "@/lib/workflow/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import type { CurrentUser } from "../auth/session";
import { getQueue, startQueue, stopQueue } from "../queue/boss";
import { ProviderError, type ProviderDriver, type ProviderResource } from "../providers/types";
import { approve, cancel, getRun, rollback, startRun } from "../services/runs";
import { saveVersion } from "../services/workflow-versions";
import { insertWorkflow } from "../services/workflows";
import { insertClaimed, startEngine, stopEngine } from "./executor";
import { clearRunCache } from "./store";
import { sweepWorkspaces } from "./workspaces";

/** The durable engine end to end on the real database and pg-boss (PGlite, and PostgreSQL in CI). */
const getDatabase = withTestDatabase();
const n = (id: string, type: string, config: Record<string, unknown> = {}, extra: Partial<WorkflowNode> = {}): WorkflowNode => ({ id, type, name: id, position: { x: 0, y: 0 }, config, onError: "fail", ...extra });
const e = (source: string, target: string, on: WorkflowEdge["on"] = "success"): WorkflowEdge => ({ source, target, on });

/** A tiny in-memory cloud that fails the first `failures` creates with a retryable error. */
function fakeCloud(failures = 0) {
  const byKey = new Map<string, ProviderResource>();
  const deleted: string[] = [];
  let calls = 0;
  const driver: ProviderDriver = {
    id: "aws-sim",
    label: "fake",
    isSimulated: true,
    regions: ["us-east-1"],
    supports: ["compute.instance"],
    create(type, spec, { idempotencyKey }) {
      calls++;
      if (calls <= failures) return Promise.reject(new ProviderError("UNAVAILABLE", "throttled, try again"));
      const existing = byKey.get(idempotencyKey);
      if (existing) return Promise.resolve(existing);
      const r: ProviderResource = { externalId: `i-${byKey.size + 1}`, type, region: spec.region, name: spec.name, status: "ready", attributes: { url: "http://10.0.0.9:8080", privateIp: "10.0.0.9" }, tags: {}, costPerHour: 0.02 };
      byKey.set(idempotencyKey, r);
      return Promise.resolve(r);
    },
    get: () => Promise.reject(new ProviderError("NOT_FOUND", "no")),
    update: () => Promise.reject(new ProviderError("UNSUPPORTED", "no")),
    delete: (_type, id) => {
      deleted.push(id);
      return Promise.resolve();
    },
    list: () => Promise.resolve([...byKey.values()]),
    metrics: () => Promise.resolve({}),
  };
  return { driver, calls: () => calls, count: () => byKey.size, deleted };
}

let actor: CurrentUser;
const cloud = fakeCloud(1);
beforeAll(async () => {
  const database = getDatabase();
  await startQueue(database);
  await startEngine({ db: database.db, boss: getQueue()!, providers: { "aws-sim": cloud.driver }, workspaceRoot });
  const u = await createTestUser(database.db, "operator");
  actor = { id: u.id, email: u.email, name: u.name, role: "operator", mustChangePassword: false };
});
afterAll(async () => {
  await stopEngine();
  await stopQueue();
});

/** This file's own workspace folder (the sweep test deletes in it; other files' runs are not this database's). */
const workspaceRoot = mkdtempSync(path.join(os.tmpdir(), "stratus-engine-test-"));

async function runToEnd(definition: WorkflowDefinition, inputs: Record<string, unknown> = {}, until = (s: string) => ["succeeded", "failed", "cancelled", "rolled_back"].includes(s)) {
  const wf = await insertWorkflow(getDatabase().db, actor.id, { name: `wf ${Math.random()}`, description: "", definition, message: "" });
  const { id } = await startRun(getDatabase().db, actor, { workflowId: wf.id, inputs });
  return waitForRun(id, until);
}

/** Polls the run until `until(status)` holds; throws with its history when it does not within `ms`. */
async function waitForRun(id: string, until: (s: string) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const run = await getRun(getDatabase().db, id);
    if (until(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run stuck in ${run.status}: ${run.events.map((x) => x.type).join(", ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("engine on the database", () => {
  it("runs a workflow to the end: outputs flow, conditions branch, history is ordered", async () => {
    const d: WorkflowDefinition = {
      inputs: [{ name: "region", type: "string", required: true }],
      nodes: [
        n("vm", "provision-instance", { provider: "aws-sim", region: "${{ inputs.region }}" }, { retry: { maxAttempts: 3, backoff: "fixed", delaySeconds: 1 } }),
        n("gate", "condition", { expression: 'steps.vm.outputs.privateIp == "10.0.0.9"' }),
        n("yes", "notify", { message: "reachable at ${{ steps.vm.outputs.url }}" }),
        n("no", "notify"),
      ],
      edges: [e("vm", "gate"), e("gate", "yes", "true"), e("gate", "no", "false")],
      onFailure: "stop",
    };
    const run = await runToEnd(d, { region: "us-east-1" });
    expect(run.status).toBe("succeeded");
    const final = Object.fromEntries(run.steps.map((s) => [s.stepId, s.status]));
    expect(final).toEqual({ vm: "succeeded", gate: "succeeded", yes: "succeeded", no: "skipped" });
    // The first create was throttled: attempt 1 failed, attempt 2 made the one resource.
    expect(run.steps.filter((s) => s.stepId === "vm").map((s) => [s.attempt, s.status])).toEqual([[1, "failed"], [2, "succeeded"]]);
    // Steps that never started leave no attempt rows behind.
    expect(run.steps.every((s) => s.attempt > 0 || s.status === "skipped" || s.status === "cancelled")).toBe(true);
    expect(cloud.count()).toBe(1);
    const [row] = await getDatabase().db.select().from(resources).where(eq(resources.createdByRunId, run.id));
    expect(row).toMatchObject({ provider: "aws-sim", externalId: "i-1", createdByStepId: "vm", region: "us-east-1" });
    expect(run.events.map((x) => `${x.type}${x.stepId ? `:${x.stepId}` : ""}`)).toEqual([
      "run.started",
      "step.started:vm",
      "step.retry_scheduled:vm",
      "step.started:vm",
      "step.succeeded:vm",
      "step.started:gate",
      "step.succeeded:gate",
      "step.skipped:no",
      "step.started:yes",
      "step.succeeded:yes",
      "run.succeeded",
    ]);
    expect(run.events.map((x) => x.seq)).toEqual(run.events.map((_, i) => i + 1));
  });

  it("refuses invalid inputs and workflows with problems, with paths", async () => {
    const d: WorkflowDefinition = { inputs: [{ name: "count", type: "number", required: true }], nodes: [n("w", "notify")], edges: [], onFailure: "stop" };
    const wf = await insertWorkflow(getDatabase().db, actor.id, { name: "inputs", description: "", definition: d, message: "" });
    await expect(startRun(getDatabase().db, actor, { workflowId: wf.id, inputs: {} })).rejects.toMatchObject({ code: "BAD_INPUT", issues: [{ path: "inputs.count" }] });
    const broken = await insertWorkflow(getDatabase().db, actor.id, { name: "broken", description: "", definition: { ...d, inputs: [], nodes: [n("h", "http-health-check")] }, message: "" });
    await expect(startRun(getDatabase().db, actor, { workflowId: broken.id, inputs: {} })).rejects.toMatchObject({ code: "BAD_INPUT", message: /problem/ });
  });

  it("waits at an approval gate until an operator approves", async () => {
    const d: WorkflowDefinition = { inputs: [], nodes: [n("gate", "manual-approval", { approverRole: "operator", message: "ok?" }), n("after", "notify")], edges: [e("gate", "after")], onFailure: "stop" };
    const waiting = await runToEnd(d, {}, (s) => s === "waiting");
    await approve(getDatabase().db, actor, { id: waiting.id, stepId: "gate", isApproved: true, comment: "ship it" });
    const run = await waitForRun(waiting.id, (s) => s === "succeeded", 10_000);
    expect(run.status).toBe("succeeded");
    expect(run.steps.find((s) => s.stepId === "gate")!.output).toEqual({ approvedBy: actor.email, comment: "ship it" });
  });

  it("fails an approval nobody decided within the step's time limit, with the reason, even read back from the rows", async () => {
    const d: WorkflowDefinition = {
      inputs: [],
      nodes: [n("gate", "manual-approval", { approverRole: "operator", message: "ok?" }, { timeoutSeconds: 2 }), n("after", "notify")],
      edges: [e("gate", "after")],
      onFailure: "stop",
    };
    const waiting = await runToEnd(d, {}, (s) => s === "waiting");
    // The deadline is in the step's row, not only in this process's memory.
    clearRunCache();
    expect(waiting.steps.find((s) => s.stepId === "gate")?.status).toBe("waiting");
    const final = await waitForRun(waiting.id, (s) => s === "failed", 10_000);
    expect(final.status).toBe("failed");
    expect(final.steps.find((s) => s.stepId === "gate")).toMatchObject({ status: "failed", error: "No decision within 2 s (the step's time limit): the approval expired." });
    expect(final.error).toBe("gate: No decision within 2 s (the step's time limit): the approval expired.");
    expect(final.events.map((x) => x.type)).toContain("step.expired");
    await expect(approve(getDatabase().db, actor, { id: waiting.id, stepId: "gate", isApproved: true, comment: "" })).rejects.toThrow(/not waiting/);
  });

  it("a Fail run step ends the run failed with its rendered message, after the clean-up before it", async () => {
    const d: WorkflowDefinition = {
      inputs: [{ name: "why", type: "string", required: true }],
      nodes: [n("probe", "script", { command: "exit 7" }), n("cleanup", "notify", { message: "cleaning up" }), n("stop", "fail", { message: "probe failed: ${{ inputs.why }}" })],
      edges: [e("probe", "cleanup", "failure"), e("cleanup", "stop")],
      onFailure: "stop",
    };
    const run = await runToEnd(d, { why: "disk full" });
    expect(run.status).toBe("failed");
    expect(Object.fromEntries(run.steps.map((s) => [s.stepId, s.status]))).toEqual({ probe: "failed", cleanup: "succeeded", stop: "failed" });
    expect(run.error).toBe("probe: the script exited with 7; stop: probe failed: disk full");
  });

  it("commits facts of several runs together, and one whose cached state went stale still lands", async () => {
    const d: WorkflowDefinition = { inputs: [], nodes: [n("gate", "manual-approval", { approverRole: "operator", message: "ok?" }), n("after", "notify")], edges: [e("gate", "after")], onFailure: "stop" };
    const waiting = await Promise.all([1, 2, 3].map(() => runToEnd(d, {}, (s) => s === "waiting")));
    // Another process moved the second run (its event_seq): this process's cached state of it is behind.
    const stale = waiting[1]!.id;
    await getDatabase().db.update(runsTable).set({ eventSeq: sql`${runsTable.eventSeq} + 1` }).where(eq(runsTable.id, stale));
    // Approvals issued in the same turn go in one group commit; the stale run's is replanned on its locked row.
    const approvals = await Promise.allSettled(waiting.map((w) => approve(getDatabase().db, actor, { id: w.id, stepId: "gate", isApproved: true, comment: "together" })));
    expect(approvals.map((a) => a.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    // A refusal in the group (not waiting any more) fails only its own request.
    await expect(approve(getDatabase().db, actor, { id: stale, stepId: "gate", isApproved: true, comment: "again" })).rejects.toThrow(/not waiting/);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const all = await Promise.all(waiting.map((w) => getRun(getDatabase().db, w.id)));
      if (all.every((r) => r.status === "succeeded")) {
        for (const r of all) expect(r.steps.find((s) => s.stepId === "gate")!.output).toEqual({ approvedBy: actor.email, comment: "together" });
        const [row] = await getDatabase().db.select({ eventSeq: runsTable.eventSeq }).from(runsTable).where(eq(runsTable.id, stale));
        const staleRun = all[1]!;
        // History stays numbered after the other process's entry (the gap it left), in order, no duplicates.
        expect(new Set(staleRun.events.map((x) => x.seq)).size).toBe(staleRun.events.length);
        expect(Math.max(...staleRun.events.map((x) => x.seq))).toBe(row!.eventSeq);
        break;
      }
      if (Date.now() > deadline) throw new Error(`runs stuck: ${all.map((r) => r.status).join(", ")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it("a long step holds one worker, not the others", async () => {
    const slow: WorkflowDefinition = { inputs: [], nodes: [n("nap", "script", { command: "sleep 20" })], edges: [], onFailure: "stop" };
    const napping = await runToEnd(slow, {}, (s) => s === "running");
    const quick = await runToEnd({ inputs: [], nodes: [n("ping", "notify"), n("pong", "notify")], edges: [e("ping", "pong")], onFailure: "stop" });
    expect(quick.status).toBe("succeeded");
    expect((await getRun(getDatabase().db, napping.id)).status).toBe("running");
    await cancel(getDatabase().db, napping.id);
  });

  it("a wait holds no worker: more waits than workers, and other runs still go through", async () => {
    const sleepy: WorkflowDefinition = { inputs: [], nodes: [n("pause", "wait", { seconds: 60 })], edges: [], onFailure: "stop" };
    const waits = await Promise.all(Array.from({ length: 10 }, () => runToEnd(sleepy, {}, (s) => s === "running"))); // 8 workers
    await new Promise((r) => setTimeout(r, 300)); // every wait has been picked up and parked
    const quick = await runToEnd({ inputs: [], nodes: [n("ping", "notify")], edges: [], onFailure: "stop" });
    expect(quick.status).toBe("succeeded");
    for (const w of waits) expect((await getRun(getDatabase().db, w.id)).status).toBe("running");
    // Cancelling a parked wait ends it at once (no worker would report back).
    await cancel(getDatabase().db, waits[0]!.id);
    expect((await getRun(getDatabase().db, waits[0]!.id)).status).toBe("cancelled");
    for (const w of waits.slice(1)) await cancel(getDatabase().db, w.id);
  });

  it("a wait resumes when its time is up", async () => {
    const t0 = Date.now();
    const run = await runToEnd({ inputs: [], nodes: [n("pause", "wait", { seconds: 1 }), n("after", "notify")], edges: [e("pause", "after")], onFailure: "stop" });
    expect(run.status).toBe("succeeded");
    const pause = run.steps.find((s) => s.stepId === "pause")!;
    expect(pause.finishedAt!.getTime() - pause.startedAt!.getTime()).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it("aborts an attempt that runs past its timeout, and retries it", async () => {
    const d: WorkflowDefinition = {
      inputs: [],
      nodes: [n("slow", "script", { command: "sleep 30" }, { timeoutSeconds: 1, retry: { maxAttempts: 2, backoff: "fixed", delaySeconds: 1 } })],
      edges: [],
      onFailure: "stop",
    };
    const t0 = Date.now();
    const run = await runToEnd(d);
    expect(run.status).toBe("failed");
    expect(run.steps.map((s) => [s.attempt, s.status, s.error])).toEqual([
      [1, "failed", "Timed out after 1 s."],
      [2, "failed", "Timed out after 1 s."],
    ]);
    expect(Date.now() - t0).toBeLessThan(10_000); // not 2 × 30 s: the sleeping process was stopped
  });

  it("retries a failing script when its step has a retry policy (any failure, not only a provider's)", async () => {
    const marker = `/tmp/stratus-retry-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const flaky = n("flaky", "script", { command: `if [ -f ${marker} ]; then rm ${marker}; echo ok; else touch ${marker}; exit 4; fi` }, { retry: { maxAttempts: 2, backoff: "fixed", delaySeconds: 1 } });
    const run = await runToEnd({ inputs: [], nodes: [flaky], edges: [], onFailure: "stop" });
    expect(run.status).toBe("succeeded");
    expect(run.steps.map((s) => `${s.attempt}:${s.status}`)).toEqual(["1:failed", "2:succeeded"]);
    // Without a policy a failure is final at once.
    const once = await runToEnd({ inputs: [], nodes: [n("broken", "script", { command: "exit 4" })], edges: [], onFailure: "stop" });
    expect(once.status).toBe("failed");
    expect(once.steps).toHaveLength(1);
  });

  it("runs scripts in the run's workspace, in their working directory and with the chosen shell", async () => {
    const d: WorkflowDefinition = {
      inputs: [],
      nodes: [
        n("write", "script", { command: "echo shared > note.txt" }),
        n("read", "script", { command: 'cat ../../note.txt; pwd; [[ -n "$BASH_VERSION" ]] && echo in-bash; echo "$HOME"', workingDir: "sub/dir", shell: "bash" }),
      ],
      edges: [e("write", "read")],
      onFailure: "stop",
    };
    const run = await runToEnd(d);
    expect(run.status).toBe("succeeded");
    const [note, cwd, shell, home] = String(run.steps.find((s) => s.stepId === "read")!.output!.stdout).trim().split("\n");
    expect(note).toBe("shared");
    expect(cwd!.endsWith(`/${run.id}/sub/dir`)).toBe(true);
    expect(shell).toBe("in-bash");
    expect(`${home}/sub/dir`).toBe(cwd);
    expect(home).toBe(path.join(workspaceRoot, run.id));

    // Kept for the retention period after the run ended; then swept, with folders of runs that no longer
    // exist. Folders not named like a run are left alone.
    const stray = path.join(workspaceRoot, randomUUID());
    const other = path.join(workspaceRoot, "not-a-run");
    mkdirSync(stray);
    mkdirSync(other);
    expect(await sweepWorkspaces(getDatabase().db, workspaceRoot, 7)).toEqual([path.basename(stray)]);
    expect(existsSync(home!)).toBe(true);
    const eightDaysOn = Date.now() + 8 * 24 * 60 * 60 * 1000;
    expect(await sweepWorkspaces(getDatabase().db, workspaceRoot, 7, eightDaysOn)).toContain(run.id);
    expect(existsSync(home!)).toBe(false);
    expect(existsSync(other)).toBe(true);
  });

  it("rolls back: a failure undoes the completed steps, newest first", async () => {
    const d: WorkflowDefinition = {
      inputs: [],
      nodes: [
        n("first", "provision-instance", { provider: "aws-sim", region: "us-east-1", name: "rb-first" }),
        n("second", "provision-instance", { provider: "aws-sim", region: "us-east-1", name: "rb-second" }),
        n("broken", "script", { command: "exit 3" }),
      ],
      edges: [e("first", "second"), e("second", "broken")],
      onFailure: "rollback",
    };
    const before = cloud.deleted.length;
    const run = await runToEnd(d);
    expect(run.status).toBe("rolled_back");
    expect(Object.fromEntries(run.steps.map((s) => [s.stepId, s.status]))).toEqual({ first: "compensated", second: "compensated", broken: "failed" });
    const order = run.events.filter((x) => x.type === "step.compensating").map((x) => x.stepId);
    expect(order).toEqual(["second", "first"]);
    const ids = ["second", "first"].map((id) => Object.values(run.steps.find((s) => s.stepId === id)!.output ?? {}).find((v) => typeof v === "string" && v.startsWith("i-")));
    expect(cloud.deleted.slice(before)).toEqual(ids);
  });

  it("rolls back a finished run on request: what it created is deleted, newest first; a second request is refused", async () => {
    const d: WorkflowDefinition = {
      inputs: [],
      nodes: [
        // (The fake cloud refuses its first create with a retryable error.)
        n("first", "provision-instance", { provider: "aws-sim", region: "us-east-1", name: "manual-first" }, { retry: { maxAttempts: 3, backoff: "fixed", delaySeconds: 1 } }),
        n("second", "provision-instance", { provider: "aws-sim", region: "us-east-1", name: "manual-second" }, { retry: { maxAttempts: 3, backoff: "fixed", delaySeconds: 1 } }),
        n("tell", "notify", { message: "done" }),
      ],
      edges: [e("first", "second"), e("second", "tell")],
      onFailure: "stop",
    };
    const done = await runToEnd(d);
    expect(done.status).toBe("succeeded");
    const before = cloud.deleted.length;
    await expect(rollback(getDatabase().db, done.id)).resolves.toEqual({ status: "rolling_back" });
    const deadline = Date.now() + 15_000;
    let run = await getRun(getDatabase().db, done.id);
    while (run.status !== "rolled_back" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      run = await getRun(getDatabase().db, done.id);
    }
    expect(run.status).toBe("rolled_back");
    expect(Object.fromEntries(run.steps.map((s) => [s.stepId, s.status]))).toEqual({ first: "compensated", second: "compensated", tell: "succeeded" });
    expect(run.events.filter((x) => x.type === "step.compensating").map((x) => x.stepId)).toEqual(["second", "first"]);
    expect(cloud.deleted.length - before).toBe(2);
    await expect(rollback(getDatabase().db, done.id)).rejects.toThrow(/Only a finished run|Nothing to roll back/);
    // A run with nothing that can be undone is refused with the reason.
    const plain = await runToEnd({ inputs: [], nodes: [n("only", "notify", { message: "hi" })], edges: [], onFailure: "stop" });
    await expect(rollback(getDatabase().db, plain.id)).rejects.toThrow(/Nothing to roll back/);
  });

  it("runs a sub-workflow as a child run: inputs in, status out, failures and cancels carried across", async () => {
    const db = getDatabase().db;
    const child: WorkflowDefinition = { inputs: [{ name: "who", type: "string", required: true }], nodes: [n("hello", "notify", { message: "hello ${{ inputs.who }}" })], edges: [], onFailure: "stop" };
    const childWf = await insertWorkflow(db, actor.id, { name: `child ${Math.random()}`, description: "", definition: child, message: "" });
    const parent: WorkflowDefinition = {
      inputs: [{ name: "name", type: "string", required: true }],
      nodes: [n("call", "sub-workflow", { workflowId: childWf.id, version: "1", inputs: { who: "${{ inputs.name }}" } }), n("after", "notify", { message: "child ${{ steps.call.outputs.runId }} ${{ steps.call.outputs.status }}" })],
      edges: [e("call", "after")],
      onFailure: "stop",
    };
    const run = await runToEnd(parent, { name: "Ada" });
    expect(run.status, run.steps.map((x) => `${x.stepId}:${x.status}:${x.error ?? ""}`).join(" ")).toBe("succeeded");
    const call = run.steps.find((x) => x.stepId === "call")!;
    const childRun = await getRun(db, call.output!.runId as string);
    expect(childRun).toMatchObject({ status: "succeeded", trigger: `parent:${run.id}:call:1`, inputs: { who: "Ada" } });
    expect(call.output).toEqual({ runId: childRun.id, status: "succeeded" });

    // A child that fails fails the step, with the child's story in the message.
    const failing = await insertWorkflow(db, actor.id, { name: `bad child ${Math.random()}`, description: "", definition: { inputs: [], nodes: [n("boom", "script", { command: "exit 4" })], edges: [], onFailure: "stop" }, message: "" });
    const failed = await runToEnd({ ...parent, inputs: [], nodes: [n("call", "sub-workflow", { workflowId: failing.id })], edges: [] });
    expect(failed.status).toBe("failed");
    expect(failed.steps[0]!.error).toMatch(/ended failed: boom: the script exited with 4/);
    expect(failed.error).toMatch(/^call: The child run .* ended failed/);

    // Inputs the child refuses fail the step with the field at fault.
    const refused = await runToEnd({ ...parent, inputs: [], nodes: [n("call", "sub-workflow", { workflowId: childWf.id })], edges: [] });
    expect(refused.status).toBe("failed");
    expect(refused.steps[0]!.error).toMatch(/inputs\.who/);

    // Cancelling the parent cancels the child waiting at its approval gate.
    const gated = await insertWorkflow(db, actor.id, { name: `gated child ${Math.random()}`, description: "", definition: { inputs: [], nodes: [n("gate", "manual-approval", { approverRole: "admin", message: "?" })], edges: [], onFailure: "stop" }, message: "" });
    const waiting = await runToEnd({ ...parent, inputs: [], nodes: [n("call", "sub-workflow", { workflowId: gated.id })], edges: [] }, {}, (st) => st === "running");
    let childId: string | undefined;
    for (let i = 0; i < 100 && !childId; i++) {
      await new Promise((r) => setTimeout(r, 50));
      childId = (await getDatabase().db.select({ id: runsTable.id }).from(runsTable).where(eq(runsTable.trigger, `parent:${waiting.id}:call:1`)))[0]?.id;
    }
    for (let i = 0; i < 100 && (await getRun(db, childId!)).status !== "waiting"; i++) await new Promise((r) => setTimeout(r, 50));
    await cancel(db, waiting.id);
    expect((await getRun(db, waiting.id)).status).toBe("cancelled");
    expect((await getRun(db, childId!)).status).toBe("cancelled");
  });

  it("stops a workflow that calls itself at the nesting limit", async () => {
    const db = getDatabase().db;
    const wf = await insertWorkflow(db, actor.id, { name: `loop ${Math.random()}`, description: "", definition: { inputs: [], nodes: [n("start", "notify")], edges: [], onFailure: "stop" }, message: "" });
    await saveVersion(db, actor.id, { id: wf.id, baseVersion: 1, definition: { inputs: [], nodes: [n("again", "sub-workflow", { workflowId: wf.id })], edges: [], onFailure: "stop" }, message: "" });
    const { id } = await startRun(db, actor, { workflowId: wf.id, inputs: {} });
    let run = await getRun(db, id);
    for (let i = 0; i < 200 && run.status !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = await getRun(db, id);
    }
    expect(run.status).toBe("failed");
    const all = await db.select({ id: runsTable.id }).from(runsTable).where(eq(runsTable.workflowId, wf.id));
    expect(all).toHaveLength(6); // the top run and 5 nested levels; the 6th was refused
  });

  it("cancels a running step through its AbortSignal", async () => {
    const d: WorkflowDefinition = { inputs: [], nodes: [n("long", "script", { command: "sleep 30" }), n("next", "notify")], edges: [e("long", "next")], onFailure: "stop" };
    const running = await runToEnd(d, {}, (s) => s === "running");
    for (let i = 0; i < 100 && !(await getRun(getDatabase().db, running.id)).steps.some((s) => s.status === "running"); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    await cancel(getDatabase().db, running.id);
    const deadline = Date.now() + 10_000;
    let run = await getRun(getDatabase().db, running.id);
    while (run.status !== "cancelled" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      run = await getRun(getDatabase().db, running.id);
    }
    expect(run.status, run.events.map((x) => `${x.type}:${x.stepId ?? ""}`).join(" ")).toBe("cancelled");
    expect(Object.fromEntries(run.steps.map((s) => [s.stepId, s.status]))).toEqual({ long: "cancelled", next: "cancelled" });
  });

  it("a job claimed at insert (the engine's fast path) is pg-boss's own: heartbeat, fail, retry, delete", async () => {
    // insertClaimed writes pg-boss's job table directly; pg-boss must read such a row as a job it handed out.
    const boss = getQueue()!;
    const queue = `claim-test-${Date.now()}`;
    await boss.createQueue(queue, { heartbeatSeconds: 10, retryLimit: 3, retryDelay: 0 });
    const [held] = await getDatabase().db.transaction((tx) => insertClaimed(tx, queue, [{ data: { runId: "r", stepId: "s" }, expireInSeconds: 120 }]));
    const job = await boss.getJobById<{ runId: string }>(queue, held!.id);
    expect(job).toMatchObject({ state: "active", retryCount: 0, retryLimit: 3, expireInSeconds: 120, heartbeatSeconds: 10, data: { runId: "r", stepId: "s" } });
    expect(job!.startedOn).toBeInstanceOf(Date);
    expect(await boss.fetch(queue)).toEqual([]); // claimed: nobody else can take it
    await boss.touch(queue, [{ id: held!.id, retryCount: held!.retryCount }]);
    await boss.fail(queue, { id: held!.id, retryCount: held!.retryCount }, { message: "lost" });
    const [again] = await boss.fetch<{ runId: string }>(queue);
    expect(again).toMatchObject({ id: held!.id, retryCount: 1, data: { runId: "r" } });
    await boss.deleteJob(queue, { id: again!.id, retryCount: again!.retryCount });
    expect(await boss.getJobById(queue, held!.id)).toBeNull();
  });
});
