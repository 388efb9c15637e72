import type { StepLookup } from "@/lib/workflow/validate";
import type { WorkflowDefinition, WorkflowNode } from "@/lib/workflow/schema";
import { compensationOrder, plan, retryDecision, type RunState, type RunStatus, type StepState } from "./planner";

/**
 * The run's state machine as pure functions: each takes the state and one fact (a step finished, an
 * approval came, a cancel was asked) and returns the new state, the history entries to append, and the
 * work to hand to workers. The executor persists exactly this, in one transaction per transition.
 */
export type EngineEvent = { type: string; stepId?: string; payload?: Record<string, unknown> };
export type Work = { stepId: string; attempt: number; kind: "run" | "compensate" };
export type Transition = { state: RunState; events: EngineEvent[]; work: Work[]; wakeAt: number | null };

export type Context = {
  now: number;
  random: () => number;
  getStep: StepLookup;
  concurrency?: number;
  /** CEL `when` evaluation (inputs + upstream outputs); false or an error means "skip". */
  evaluateWhen?: (node: WorkflowNode, steps: Record<string, StepState>) => boolean;
};

const APPROVAL_TYPE = "manual-approval";
/** Steps whose job is parked until a time (no worker holds them): see `delayMs` in server/steps. */
const PARKED_TYPES: ReadonlySet<string> = new Set(["wait", "sub-workflow"]);

/** A step waiting for a decision waits at most its `timeoutSeconds` (no limit when it has none). */
function deadlineOf(node: WorkflowNode, now: number): number | undefined {
  return node.timeoutSeconds === undefined ? undefined : now + node.timeoutSeconds * 1000;
}

export function expiredMessage(node: WorkflowNode): string {
  const s = node.timeoutSeconds ?? 0;
  const span = s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
  return `No decision within ${span} (the step's time limit): the approval expired.`;
}

function setStep(state: RunState, id: string, patch: Partial<StepState>): RunState {
  return { ...state, steps: { ...state.steps, [id]: { ...state.steps[id]!, ...patch } } };
}

export function initialState(definition: WorkflowDefinition, reused: Record<string, StepState> = {}): RunState {
  return {
    status: "queued",
    steps: Object.fromEntries(definition.nodes.map((n) => [n.id, reused[n.id] ?? { status: "pending" as const, attempt: 0 }])),
  };
}

/** Applies the planner until nothing more changes: skips, cancels, starts, run status, rollback. */
export function advance(definition: WorkflowDefinition, state: RunState, ctx: Context): Transition {
  const events: EngineEvent[] = [];
  const work: Work[] = [];
  let s = state;
  if (s.status === "queued") {
    s = { ...s, status: "running" };
    events.push({ type: "run.started" });
  }
  if (s.status === "rolling_back") return continueRollback(definition, s, ctx, events);
  if (s.status === "rolled_back" || s.status === "succeeded" || s.status === "failed" || s.status === "cancelled") {
    return { state: s, events, work, wakeAt: null };
  }
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const decision = plan(definition, s, {
    now: ctx.now,
    concurrency: ctx.concurrency,
    evaluateWhen: ctx.evaluateWhen ? (n) => ctx.evaluateWhen!(n, s.steps) : undefined,
  });
  for (const id of decision.skip) {
    s = setStep(s, id, { status: "skipped", finishedAt: ctx.now });
    events.push({ type: "step.skipped", stepId: id });
  }
  for (const id of decision.cancel) {
    s = setStep(s, id, { status: "cancelled", finishedAt: ctx.now });
    events.push({ type: "step.cancelled", stepId: id });
  }
  for (const id of decision.expire) {
    s = setStep(s, id, { status: "failed", error: expiredMessage(nodes.get(id)!), deadline: undefined, finishedAt: ctx.now });
    events.push({ type: "step.expired", stepId: id, payload: { attempt: s.steps[id]!.attempt } });
  }
  for (const id of decision.start) {
    const attempt = (s.steps[id]?.attempt ?? 0) + 1;
    if (nodes.get(id)?.type === APPROVAL_TYPE) {
      s = setStep(s, id, { status: "waiting", attempt, notBefore: undefined, deadline: deadlineOf(nodes.get(id)!, ctx.now) });
      events.push({ type: "step.waiting", stepId: id });
    } else {
      // A new attempt starts with no outputs: what an earlier attempt reported (on failure) is its own.
      s = setStep(s, id, { status: "running", attempt, output: undefined, notBefore: undefined, finishedAt: undefined });
      events.push({ type: "step.started", stepId: id, payload: { attempt } });
      work.push({ stepId: id, attempt, kind: "run" });
    }
  }
  // Skips, cancels and approval gates change what the run is doing: plan again until stable.
  const isGateOpened = work.length < decision.start.length;
  if (decision.skip.length > 0 || decision.cancel.length > 0 || decision.expire.length > 0 || isGateOpened) {
    const next = advance(definition, s, ctx);
    return { state: next.state, events: [...events, ...next.events], work: [...work, ...next.work], wakeAt: next.wakeAt };
  }
  let status: RunStatus = decision.runStatus;
  if (status === "failed" && definition.onFailure === "rollback" && compensationOrder(definition, s.steps, ctx.getStep).length > 0) {
    status = "rolling_back";
  }
  if (status !== s.status) {
    s = { ...s, status };
    events.push({ type: `run.${status}` });
  }
  if (status === "rolling_back") return continueRollback(definition, s, ctx, events, work);
  return { state: s, events, work, wakeAt: decision.wakeAt };
}

/** Compensates completed steps one at a time, newest first; then the run is rolled back. */
function continueRollback(definition: WorkflowDefinition, state: RunState, ctx: Context, events: EngineEvent[], work: Work[] = []): Transition {
  if (Object.values(state.steps).some((st) => st.status === "compensating" || st.status === "running")) return { state, events, work, wakeAt: null };
  const [next] = compensationOrder(definition, state.steps, ctx.getStep);
  if (!next) {
    events.push({ type: "run.rolled_back" });
    return { state: { ...state, status: "rolled_back" }, events, work, wakeAt: null };
  }
  events.push({ type: "step.compensating", stepId: next });
  return { state: setStep(state, next, { status: "compensating" }), events, work: [...work, { stepId: next, attempt: state.steps[next]!.attempt, kind: "compensate" }], wakeAt: null };
}

/**
 * An operator rolls back a finished run (failed, cancelled or succeeded): its completed steps that can be
 * undone are compensated, newest first, exactly as an automatic rollback does. Returns null when nothing
 * can be undone (or the run is not finished), for the caller to refuse with a reason.
 */
export function requestRollback(definition: WorkflowDefinition, state: RunState, ctx: Context): Transition | null {
  if (!["failed", "cancelled", "succeeded"].includes(state.status)) return null;
  if (compensationOrder(definition, state.steps, ctx.getStep).length === 0) return null;
  return continueRollback(definition, { ...state, status: "rolling_back" }, ctx, [{ type: "run.rollback_requested" }, { type: "run.rolling_back" }]);
}

/** `output` of a failed attempt: what the step learnt before failing (its type's failure outputs). */
export type StepResult = { ok: true; output: Record<string, unknown> } | { ok: false; error: string; isRetryable: boolean; isAborted?: boolean; output?: Record<string, unknown> };

/** A step attempt finished. Stale reports (an older attempt, or a step no longer running) are ignored. */
export function completeStep(definition: WorkflowDefinition, state: RunState, id: string, attempt: number, result: StepResult, ctx: Context): Transition {
  const current = state.steps[id];
  if (!current || current.status !== "running" || current.attempt !== attempt) return { state, events: [], work: [], wakeAt: null };
  const node = definition.nodes.find((n) => n.id === id)!;
  let s = state;
  const events: EngineEvent[] = [];
  if (result.ok) {
    s = setStep(s, id, { status: "succeeded", output: result.output, error: undefined, finishedAt: ctx.now });
    events.push({ type: "step.succeeded", stepId: id, payload: { attempt } });
  } else if (s.isCancelRequested || result.isAborted) {
    s = setStep(s, id, { status: "cancelled", error: result.error, finishedAt: ctx.now });
    events.push({ type: "step.cancelled", stepId: id, payload: { attempt } });
  } else {
    const retry = retryDecision(node, attempt, { isRetryable: result.isRetryable, now: ctx.now, random: ctx.random });
    if (retry) {
      // The attempt is over (its row keeps when it ended); the step waits for its next one.
      s = setStep(s, id, { status: "pending", error: result.error, output: result.output, notBefore: retry.retryAt, finishedAt: ctx.now });
      events.push({ type: "step.retry_scheduled", stepId: id, payload: { attempt, error: result.error, retryAt: retry.retryAt } });
    } else {
      // Downstream failure/always branches and conditions read what the step reported before it failed.
      s = setStep(s, id, { status: "failed", error: result.error, output: result.output, finishedAt: ctx.now });
      events.push({ type: "step.failed", stepId: id, payload: { attempt, error: result.error } });
    }
  }
  const next = advance(definition, s, ctx);
  return { ...next, events: [...events, ...next.events] };
}

export function completeCompensation(definition: WorkflowDefinition, state: RunState, id: string, result: { ok: boolean; error?: string }, ctx: Context): Transition {
  if (state.steps[id]?.status !== "compensating") return { state, events: [], work: [], wakeAt: null };
  // A failed compensation is recorded and the rollback goes on: leaving the rest standing would be worse.
  const s = setStep(state, id, { status: "compensated", error: result.ok ? state.steps[id].error : result.error, finishedAt: ctx.now });
  const events: EngineEvent[] = [{ type: result.ok ? "step.compensated" : "step.compensation_failed", stepId: id, payload: result.ok ? {} : { error: result.error } }];
  const next = advance(definition, s, ctx);
  return { ...next, events: [...events, ...next.events] };
}

export function decideApproval(
  definition: WorkflowDefinition,
  state: RunState,
  id: string,
  decision: { isApproved: boolean; by: string; comment: string },
  ctx: Context,
): Transition {
  if (state.steps[id]?.status !== "waiting") return { state, events: [], work: [], wakeAt: null };
  const hold = policyHoldOf(state.steps[id]);
  if (hold && decision.isApproved) {
    // The step was held by a policy before it did anything: approved, the same attempt runs now.
    const attempt = state.steps[id].attempt;
    const s = setStep(state, id, { status: "running", output: undefined, deadline: undefined, finishedAt: undefined });
    const events: EngineEvent[] = [
      { type: "step.approved", stepId: id, payload: { by: decision.by, comment: decision.comment, policies: hold.policyIds } },
      { type: "step.started", stepId: id, payload: { attempt } },
    ];
    const next = advance(definition, s, ctx);
    return { ...next, events: [...events, ...next.events], work: [{ stepId: id, attempt, kind: "run" }, ...next.work] };
  }
  const s = decision.isApproved
    ? setStep(state, id, { status: "succeeded", output: { approvedBy: decision.by, comment: decision.comment }, deadline: undefined, finishedAt: ctx.now })
    : setStep(state, id, { status: "failed", error: `Rejected by ${decision.by}${decision.comment ? `: ${decision.comment}` : ""}`, deadline: undefined, finishedAt: ctx.now });
  const events: EngineEvent[] = [{ type: decision.isApproved ? "step.approved" : "step.rejected", stepId: id, payload: { by: decision.by, comment: decision.comment } }];
  const next = advance(definition, s, ctx);
  return { ...next, events: [...events, ...next.events] };
}

/** What a policy that asks for approval noted on the step it holds (kept in the waiting step's output). */
export type PolicyHold = { policyIds: string[]; message: string };

export function policyHoldOf(step: StepState | undefined): PolicyHold | null {
  const hold = step?.status === "waiting" ? step.output?.policyApproval : undefined;
  return hold && typeof hold === "object" && Array.isArray((hold as PolicyHold).policyIds) ? (hold as PolicyHold) : null;
}

/**
 * A `require_approval` policy holds a running step before it does anything: the step waits for an admin
 * (run status waiting); approved, the same attempt runs (`decideApproval`); rejected, it fails.
 */
export function holdForPolicy(definition: WorkflowDefinition, state: RunState, id: string, attempt: number, hold: PolicyHold, ctx: Context): Transition {
  const current = state.steps[id];
  if (!current || current.status !== "running" || current.attempt !== attempt) return { state, events: [], work: [], wakeAt: null };
  const s = setStep(state, id, { status: "waiting", output: { policyApproval: hold }, deadline: deadlineOf(definition.nodes.find((n) => n.id === id)!, ctx.now) });
  const events: EngineEvent[] = [{ type: "step.waiting", stepId: id, payload: { reason: "policy", policies: hold.policyIds, message: hold.message } }];
  const next = advance(definition, s, ctx);
  return { ...next, events: [...events, ...next.events] };
}

/** Cancel: nothing new starts, waiting and pending steps are cancelled, running ones are aborted by the executor. */
export function cancelRun(definition: WorkflowDefinition, state: RunState, ctx: Context): Transition & { abort: string[] } {
  if (["succeeded", "failed", "cancelled", "rolled_back"].includes(state.status)) return { state, events: [], work: [], wakeAt: null, abort: [] };
  const types = new Map(definition.nodes.map((n) => [n.id, n.type]));
  const running = Object.entries(state.steps).filter(([, st]) => st.status === "running").map(([id]) => id);
  const abort = running.filter((id) => !PARKED_TYPES.has(types.get(id)!));
  // A parked step has no worker to abort: it is cancelled here and its job, when due, finds it stale.
  let s: RunState = { ...state, isCancelRequested: true };
  const events: EngineEvent[] = [{ type: "run.cancel_requested" }];
  for (const id of running.filter((r) => PARKED_TYPES.has(types.get(r)!))) {
    s = setStep(s, id, { status: "cancelled", finishedAt: ctx.now });
    events.push({ type: "step.cancelled", stepId: id, payload: { attempt: s.steps[id]!.attempt } });
  }
  const next = advance(definition, s, ctx);
  s = next.state;
  events.push(...next.events);
  if (abort.length === 0 && s.status !== "cancelled") {
    s = { ...s, status: "cancelled" };
    events.push({ type: "run.cancelled" });
  }
  return { ...next, state: s, events, abort };
}
