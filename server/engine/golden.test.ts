import { describe, expect, it } from "vitest";
import { getStep } from "@/lib/catalog";
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from "@/lib/workflow/schema";
import { renderValue, scopeOf } from "./expressions";
import { retryDecision, reusableSteps, type RunState } from "./planner";
import { simulate, type SimulationOptions } from "./simulate";
import { advance, cancelRun, completeStep, initialState, type Context } from "./transitions";

/** Golden workflows: every step's final status and the exact order of history events. */
const n = (id: string, type = "wait", extra: Partial<WorkflowNode> = {}): WorkflowNode => ({ id, type, name: id, position: { x: 0, y: 0 }, config: {}, onError: "fail", ...extra });
const e = (source: string, target: string, on: WorkflowEdge["on"] = "success"): WorkflowEdge => ({ source, target, on });
const def = (nodes: WorkflowNode[], edges: WorkflowEdge[], extra: Partial<WorkflowDefinition> = {}): WorkflowDefinition => ({ nodes, edges, inputs: [], onFailure: "stop", ...extra });
const run = (d: WorkflowDefinition, o: Partial<SimulationOptions> = {}) => simulate(d, { getStep, ...o });
const statuses = (r: { state: RunState }) => Object.fromEntries(Object.entries(r.state.steps).map(([k, v]) => [k, v.status]));
const ctx = (now: number): Context => ({ now, random: () => 0.5, getStep });
const fail = (error = "boom", isRetryable = false) => ({ ok: false as const, error, isRetryable });

describe("golden workflows", () => {
  it("a chain runs in order and succeeds", () => {
    const r = run(def([n("a"), n("b"), n("c")], [e("a", "b"), e("b", "c")]));
    expect(r.events).toEqual(["run.started", "step.started:a", "step.succeeded:a", "step.started:b", "step.succeeded:b", "step.started:c", "step.succeeded:c", "run.succeeded"]);
    expect(r.state.status).toBe("succeeded");
  });

  it("fans out in parallel up to the run's concurrency limit, then joins", () => {
    const d = def([n("a"), n("b"), n("c"), n("d"), n("z")], [e("a", "b"), e("a", "c"), e("a", "d"), e("b", "z"), e("c", "z"), e("d", "z")]);
    const r = run(d, { concurrency: 2 });
    expect(r.maxParallel).toBe(2);
    expect(r.events.slice(0, 5)).toEqual(["run.started", "step.started:a", "step.succeeded:a", "step.started:b", "step.started:c"]);
    expect(r.events.indexOf("step.started:z")).toBeGreaterThan(r.events.indexOf("step.succeeded:d"));
    expect(r.state.status).toBe("succeeded");
  });

  it("a caught failure runs its failure and always connections, then the run still ends failed", () => {
    const d = def([n("check"), n("ok"), n("alert"), n("log")], [e("check", "ok"), e("check", "alert", "failure"), e("check", "log", "always")]);
    const r = run(d, { script: { check: [fail("503 Service Unavailable")] } });
    expect(statuses(r)).toEqual({ check: "failed", ok: "skipped", alert: "succeeded", log: "succeeded" });
    expect(r.events).toEqual(["run.started", "step.started:check", "step.failed:check", "step.skipped:ok", "step.started:alert", "step.started:log", "step.succeeded:alert", "step.succeeded:log", "run.failed"]);
  });

  it("a caught failure that the workflow accepts (onError: continue) runs its handler and the run succeeds", () => {
    const d = def([n("check", "wait", { onError: "continue" }), n("ok"), n("alert")], [e("check", "ok"), e("check", "alert", "failure")]);
    const r = run(d, { script: { check: [fail("503")] } });
    expect(statuses(r)).toEqual({ check: "failed", ok: "skipped", alert: "succeeded" });
    expect(r.state.status).toBe("succeeded");
  });

  it("with onFailure: rollback, a caught failure's handlers run first, then completed steps are undone newest first", () => {
    const d = def(
      [n("green", "instance-group"), n("lb", "load-balancer"), n("check", "http-health-check"), n("switch", "update-load-balancer"), n("report", "notify")],
      [e("green", "lb"), e("lb", "check"), e("check", "switch"), e("check", "report", "failure")],
      { onFailure: "rollback" },
    );
    const r = run(d, { script: { check: [fail("unhealthy")] } });
    expect(r.events.slice(2)).toEqual([
      "step.succeeded:green",
      "step.started:lb",
      "step.succeeded:lb",
      "step.started:check",
      "step.failed:check",
      "step.skipped:switch",
      "step.started:report",
      "step.succeeded:report",
      "run.rolling_back",
      "step.compensating:lb",
      "step.compensated:lb",
      "step.compensating:green",
      "step.compensated:green",
      "run.rolled_back",
    ]);
    expect(statuses(r)).toMatchObject({ green: "compensated", lb: "compensated", check: "failed", switch: "skipped", report: "succeeded" });
  });

  it("a Fail run step ends the run failed with its message after the clean-up before it", () => {
    const d = def([n("probe"), n("cleanup"), n("stop", "fail", { config: { message: "probe failed" } })], [e("probe", "cleanup", "failure"), e("cleanup", "stop")]);
    const r = run(d, { script: { probe: [fail("down")], stop: [fail("probe failed")] } });
    expect(statuses(r)).toEqual({ probe: "failed", cleanup: "succeeded", stop: "failed" });
    expect(r.state.status).toBe("failed");
    // Reached from a condition's false branch (no step failed before it), it fails the run too.
    const cond = def([n("cond", "condition"), n("yes"), n("stop", "fail")], [e("cond", "yes", "true"), e("cond", "stop", "false")]);
    const r2 = run(cond, { outputs: { cond: { result: false } }, script: { stop: [fail("no")] } });
    expect(statuses(r2)).toEqual({ cond: "succeeded", yes: "skipped", stop: "failed" });
    expect(r2.state.status).toBe("failed");
  });

  it("a failed step keeps the outputs it reported, for the branches after it", () => {
    const d = def([n("check", "http-health-check"), n("cond", "condition")], [e("check", "cond", "always")]);
    const t0 = advance(d, initialState(d), ctx(0));
    const t1 = completeStep(d, t0.state, "check", 1, { ok: false, error: "down", isRetryable: false, output: { healthy: false, status: 503 } }, ctx(1));
    expect(t1.state.steps.check).toMatchObject({ status: "failed", output: { healthy: false, status: 503 } });
    expect(scopeOf({}, t1.state.steps).steps.check!.outputs).toEqual({ healthy: false, status: 503 });
    // A retry starts without the outputs of the attempt before it.
    const retrying = def([n("check", "http-health-check", { retry: { maxAttempts: 2, backoff: "fixed", delaySeconds: 1 } })], []);
    const r0 = advance(retrying, initialState(retrying), ctx(0));
    const r1 = completeStep(retrying, r0.state, "check", 1, { ok: false, error: "down", isRetryable: true, output: { healthy: false } }, ctx(1));
    expect(r1.state.steps.check).toMatchObject({ status: "pending", output: { healthy: false } });
    const r2 = advance(retrying, r1.state, ctx(5000));
    expect(r2.state.steps.check).toMatchObject({ status: "running", attempt: 2 });
    expect(r2.state.steps.check!.output).toBeUndefined();
  });

  it("an approval with a time limit expires: the step fails with the reason and the run wakes up for it", () => {
    const d = def([n("gate", "manual-approval", { timeoutSeconds: 3600 }), n("ship")], [e("gate", "ship")]);
    const t0 = advance(d, initialState(d), ctx(1000));
    expect(t0.state.status).toBe("waiting");
    expect(t0.state.steps.gate).toMatchObject({ status: "waiting", deadline: 3_601_000 });
    expect(t0.wakeAt).toBe(3_601_000);
    expect(advance(d, t0.state, ctx(3_600_999)).state.status).toBe("waiting");
    const r = run(d);
    expect(statuses(r)).toEqual({ gate: "failed", ship: "cancelled" });
    expect(r.state.steps.gate!.error).toBe("No decision within 1 h (the step's time limit): the approval expired.");
    expect(r.events).toContain("step.expired:gate");
    expect(r.state.status).toBe("failed");
    // Without a time limit, an approval waits as long as it takes.
    expect(run(def([n("gate", "manual-approval"), n("ship")], [e("gate", "ship")])).state.status).toBe("waiting");
  });

  it("an unhandled failure fails the run and cancels what had not started", () => {
    const r = run(def([n("a"), n("b"), n("c")], [e("a", "b"), e("b", "c")]), { script: { b: [fail()] } });
    expect(statuses(r)).toEqual({ a: "succeeded", b: "failed", c: "cancelled" });
    expect(r.events.slice(-3)).toEqual(["step.failed:b", "step.cancelled:c", "run.failed"]);
  });

  it("a false `when` skips the step and the skip propagates; a true one runs it", () => {
    const d = def([n("a"), n("b", "wait", { when: 'inputs.env == "prod"' }), n("c"), n("d", "wait", { when: "steps.a.outputs.count > 1" })], [e("a", "b"), e("b", "c"), e("a", "d")]);
    const r = run(d, { inputs: { env: "dev" }, outputs: { a: { count: 2 } } });
    expect(statuses(r)).toEqual({ a: "succeeded", b: "skipped", c: "skipped", d: "succeeded" });
    expect(statuses(run(d, { inputs: { env: "prod" }, outputs: { a: { count: 2 } } }))).toMatchObject({ b: "succeeded", c: "succeeded" });
  });

  it("a condition takes its true or false branch, and the join after it still runs", () => {
    const d = def(
      [n("probe"), n("cond", "condition"), n("yes"), n("no"), n("join")],
      [e("probe", "cond", "always"), e("cond", "yes", "true"), e("cond", "no", "false"), e("yes", "join"), e("no", "join")],
    );
    expect(statuses(run(d, { outputs: { cond: { result: true } } }))).toEqual({ probe: "succeeded", cond: "succeeded", yes: "succeeded", no: "skipped", join: "succeeded" });
    expect(statuses(run(d, { outputs: { cond: { result: false } } }))).toMatchObject({ yes: "skipped", no: "succeeded", join: "succeeded" });
  });

  it("retries a retryable failure with exponential backoff, then succeeds", () => {
    const d = def([n("flaky", "wait", { retry: { maxAttempts: 3, backoff: "exponential", delaySeconds: 2 } })], []);
    const r = run(d, { script: { flaky: [fail("throttled", true), fail("throttled", true), { ok: true, output: {} }] } });
    expect(r.events).toEqual([
      "run.started",
      "step.started:flaky",
      "step.retry_scheduled:flaky",
      "step.started:flaky",
      "step.retry_scheduled:flaky",
      "step.started:flaky",
      "step.succeeded:flaky",
      "run.succeeded",
    ]);
    expect(r.state.steps.flaky).toMatchObject({ status: "succeeded", attempt: 3 });
    // A non-retryable error is not retried, whatever the budget.
    expect(statuses(run(d, { script: { flaky: [fail("bad spec", false)] } }))).toEqual({ flaky: "failed" });
  });

  it("backoff doubles per attempt within an equal-jitter band, and fixed stays fixed", () => {
    const node = n("x", "wait", { retry: { maxAttempts: 5, backoff: "exponential", delaySeconds: 4 } });
    for (const [attempt, delay] of [[1, 4000], [2, 8000], [3, 16000]] as const) {
      const low = retryDecision(node, attempt, { isRetryable: true, now: 0, random: () => 0 })!.retryAt;
      const high = retryDecision(node, attempt, { isRetryable: true, now: 0, random: () => 0.999 })!.retryAt;
      expect(low).toBe(delay / 2);
      expect(high).toBeLessThan(delay);
      expect(high).toBeGreaterThan(delay * 0.99);
    }
    expect(retryDecision(node, 5, { isRetryable: true, now: 0, random: () => 0 })).toBeNull();
    expect(retryDecision({ ...node, retry: { maxAttempts: 3, backoff: "fixed", delaySeconds: 4 } }, 2, { isRetryable: true, now: 0, random: () => 0 })!.retryAt).toBe(2000);
  });

  it("onError: continue lets the run go on past a failed step", () => {
    const d = def([n("a", "wait", { onError: "continue" }), n("b"), n("c")], [e("a", "b"), e("a", "c", "always")]);
    const r = run(d, { script: { a: [fail()] } });
    expect(statuses(r)).toEqual({ a: "failed", b: "skipped", c: "succeeded" });
    expect(r.state.status).toBe("succeeded");
  });

  it("cancel aborts running steps, cancels pending ones and ends cancelled", () => {
    const d = def([n("a"), n("b", "script"), n("c", "script"), n("d")], [e("a", "b"), e("a", "c"), e("b", "d"), e("c", "d")]);
    const r = run(d, { cancelAfterEvents: 5 });
    expect(r.state.status).toBe("cancelled");
    expect(statuses(r)).toEqual({ a: "succeeded", b: "cancelled", c: "cancelled", d: "cancelled" });
    // d is cancelled at once; b and c when their workers report the abort.
    expect(r.events.slice(5)).toEqual(["run.cancel_requested", "step.cancelled:d", "step.cancelled:b", "step.cancelled:c", "run.cancelled"]);
  });

  it("cancel ends a parked wait at once: no worker holds it, so none will report", () => {
    const d = def([n("a", "script"), n("pause", "wait"), n("after", "script")], [e("a", "pause"), e("pause", "after")]);
    const t0 = advance(d, initialState(d), ctx(0));
    const t1 = completeStep(d, t0.state, "a", 1, { ok: true, output: {} }, ctx(1));
    expect(t1.state.steps.pause!.status).toBe("running");
    const c = cancelRun(d, t1.state, ctx(2));
    expect(c.abort).toEqual([]);
    expect(c.state.status).toBe("cancelled");
    expect(statuses({ state: c.state })).toEqual({ a: "succeeded", pause: "cancelled", after: "cancelled" });
    expect(c.events.map((x) => x.type + (x.stepId ? `:${x.stepId}` : ""))).toEqual(["run.cancel_requested", "step.cancelled:pause", "step.cancelled:after", "run.cancelled"]);
  });

  it("an approval gate waits, then goes on when approved or fails when rejected", () => {
    const d = def([n("build"), n("gate", "manual-approval"), n("ship")], [e("build", "gate"), e("gate", "ship")]);
    const waiting = run(d);
    expect(waiting.state.status).toBe("waiting");
    expect(statuses(waiting)).toEqual({ build: "succeeded", gate: "waiting", ship: "pending" });
    const approved = run(d, { approvals: { gate: { isApproved: true, by: "ops@example.com", comment: "go" } } });
    expect(approved.state.steps.gate!.output).toEqual({ approvedBy: "ops@example.com", comment: "go" });
    expect(approved.events.slice(-5)).toEqual(["step.approved:gate", "step.started:ship", "run.running", "step.succeeded:ship", "run.succeeded"]);
    const rejected = run(d, { approvals: { gate: { isApproved: false, by: "ops@example.com", comment: "not today" } } });
    expect(rejected.state.status).toBe("failed");
    expect(rejected.state.steps.gate!.error).toBe("Rejected by ops@example.com: not today");
  });

  it("on failure with rollback, completed compensable steps are undone newest first", () => {
    const d = def([n("net", "vpc"), n("vm", "provision-instance"), n("pause"), n("check", "http-health-check")], [e("net", "vm"), e("vm", "pause"), e("pause", "check")], { onFailure: "rollback" });
    const r = run(d, { script: { check: [fail("unhealthy")] } });
    expect(r.state.status).toBe("rolled_back");
    expect(r.events.slice(-7)).toEqual([
      "step.failed:check",
      "run.rolling_back",
      "step.compensating:vm",
      "step.compensated:vm",
      "step.compensating:net",
      "step.compensated:net",
      "run.rolled_back",
    ]);
    // "pause" (a wait) is not compensable and is left alone.
    expect(statuses(r)).toMatchObject({ net: "compensated", vm: "compensated", pause: "succeeded", check: "failed" });
  });

  it("a rerun from a failed step reuses what succeeded upstream of it", () => {
    const d = def([n("a"), n("b"), n("c"), n("d"), n("side")], [e("a", "b"), e("b", "c"), e("c", "d"), e("a", "side")]);
    const first = run(d, { script: { c: [fail()] } });
    // "side" did not depend on c: it is reused too; c and d start over.
    expect(reusableSteps(d, first.state.steps, "c").sort()).toEqual(["a", "b", "side"]);
  });

  it("outputs flow to later steps through ${{ }} templates, keeping types", () => {
    const scope = scopeOf({ region: "eu-west-1", count: 3 }, { web: { status: "succeeded", attempt: 1, output: { url: "http://10.0.0.5:8080", size: 2 } } });
    expect(renderValue({ url: "${{ steps.web.outputs.url }}/health", n: "${{ inputs.count + steps.web.outputs.size }}", tags: ["${{ inputs.region }}"] }, scope)).toEqual({
      url: "http://10.0.0.5:8080/health",
      n: 5,
      tags: ["eu-west-1"],
    });
  });
});
