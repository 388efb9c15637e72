import type { StepLookup } from "@/lib/workflow/validate";
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from "@/lib/workflow/schema";

/**
 * The engine's decisions, as pure functions of a run's state (ARCHITECTURE.md "The engine"): what may start,
 * what is skipped, when a retry is due, what the run's status is, what to compensate. No I/O and no clock
 * of its own — `now` and `random` are passed in — so every rule is unit-tested exhaustively.
 *
 * Join rule: a step runs once every inbound connection is decided and at least one of them fired; when
 * none fired it is skipped, and the skip flows on (its own connections never fire).
 */
export type StepStatus = "pending" | "running" | "waiting" | "succeeded" | "failed" | "skipped" | "cancelled" | "compensating" | "compensated";
export type RunStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "rolling_back" | "rolled_back";

export type StepState = {
  status: StepStatus;
  attempt: number;
  output?: Record<string, unknown>;
  error?: string;
  /** When it reached a final status (ms), for the rollback order. */
  finishedAt?: number;
  /** A retry may not start before this (ms). */
  notBefore?: number;
  /** A waiting approval fails when no decision came by this time (ms): the step's `timeoutSeconds`. */
  deadline?: number;
};

export type RunState = {
  status: RunStatus;
  steps: Record<string, StepState>;
  isCancelRequested?: boolean;
};

export const DEFAULT_CONCURRENCY = 8;
const FINAL: ReadonlySet<StepStatus> = new Set(["succeeded", "failed", "skipped", "cancelled", "compensated"]);
export const isFinal = (s: StepStatus) => FINAL.has(s);

/** Whether a connection fires, given its source step's state. */
export function edgeFires(edge: WorkflowEdge, source: StepState): boolean | null {
  if (!isFinal(source.status) && source.status !== "compensating") return null; // not decided yet
  switch (edge.on) {
    case "success":
      return source.status === "succeeded" || source.status === "compensated";
    case "failure":
      return source.status === "failed";
    case "always":
      return source.status === "succeeded" || source.status === "failed";
    case "true":
    case "false":
      return source.status === "succeeded" && (source.output?.result === true) === (edge.on === "true");
  }
}

export type Decision = {
  /** Steps to start now (within the concurrency limit). */
  start: string[];
  /** Steps whose inbound connections can no longer fire, or whose `when` is false. */
  skip: string[];
  /** Pending (and, on cancel, waiting) steps that will never run because the run is stopping. */
  cancel: string[];
  /** Waiting steps whose decision did not come by their deadline: they fail. */
  expire: string[];
  /** Earliest pending retry time, if a retry is waiting for its backoff. */
  wakeAt: number | null;
  /** The run's status after these decisions. */
  runStatus: RunStatus;
};

type Graph = { inbound: Map<string, WorkflowEdge[]>; nodes: Map<string, WorkflowNode>; order?: WorkflowNode[] };
const graphs = new WeakMap<WorkflowDefinition, Graph>();
function graphOf(definition: WorkflowDefinition): Graph {
  let g = graphs.get(definition);
  if (!g) {
    g = { inbound: new Map(definition.nodes.map((n) => [n.id, []])), nodes: new Map(definition.nodes.map((n) => [n.id, n])) };
    for (const e of definition.edges) g.inbound.get(e.target)?.push(e);
    graphs.set(definition, g);
  }
  return g;
}

/**
 * Decides what happens next. `when` conditions are evaluated through `evaluateWhen` (CEL, injected so the
 * planner stays pure); a condition that cannot be evaluated is treated as false and reported by the caller.
 */
export function plan(
  definition: WorkflowDefinition,
  state: RunState,
  options: { now: number; concurrency?: number; evaluateWhen?: (node: WorkflowNode) => boolean },
): Decision {
  const g = graphOf(definition);
  const steps = state.steps;
  const isStopping = state.isCancelRequested === true || state.status === "cancelled" || hasFatalFailure(definition, steps);
  const start: string[] = [];
  const skip: string[] = [];
  const cancel: string[] = [];
  const expire: string[] = [];
  let wakeAt: number | null = null;
  let deadlineAt: number | null = null;
  if (!state.isCancelRequested) {
    for (const n of definition.nodes) {
      const s = steps[n.id];
      if (s?.status !== "waiting" || s.deadline === undefined) continue;
      if (s.deadline <= options.now) expire.push(n.id);
      else deadlineAt = deadlineAt === null ? s.deadline : Math.min(deadlineAt, s.deadline);
    }
  }
  let running = 0;
  for (const n of definition.nodes) if (steps[n.id]?.status === "running") running++;
  const limit = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);

  if (isStopping) {
    for (const n of definition.nodes) {
      const status = steps[n.id]?.status;
      if (status === "pending" || (status === "waiting" && state.isCancelRequested)) cancel.push(n.id);
    }
  } else {
    // Decide in definition order; skips are applied to a local view so they propagate in one pass.
    const view = new Map<string, StepStatus>();
    const statusOf = (id: string) => view.get(id) ?? steps[id]?.status ?? "pending";
    for (const n of topoOrder(definition)) {
      const s = steps[n.id];
      if (!s || s.status !== "pending") continue;
      const inbound = g.inbound.get(n.id) ?? [];
      let isDecided = true;
      let hasFired = inbound.length === 0;
      for (const e of inbound) {
        const src = steps[e.source];
        const fired = src ? edgeFires(e, { ...src, status: statusOf(e.source) }) : false;
        if (fired === null) isDecided = false;
        else if (fired) hasFired = true;
      }
      if (!isDecided) continue;
      if (!hasFired || (n.when?.trim() && options.evaluateWhen && !options.evaluateWhen(n))) {
        skip.push(n.id);
        view.set(n.id, "skipped");
        continue;
      }
      if (s.notBefore !== undefined && s.notBefore > options.now) {
        wakeAt = wakeAt === null ? s.notBefore : Math.min(wakeAt, s.notBefore);
        continue;
      }
      if (running + start.length < limit) start.push(n.id);
    }
  }
  const after = [...skip.map((id) => [id, "skipped"] as const), ...cancel.map((id) => [id, "cancelled"] as const), ...expire.map((id) => [id, "failed"] as const)];
  const runStatus = runStatusOf(definition, state, start.length > 0 || wakeAt !== null, new Map(after));
  // A deadline wakes the run to expire the approval; it is not work, so the run still says it is waiting.
  if (deadlineAt !== null) wakeAt = wakeAt === null ? deadlineAt : Math.min(wakeAt, deadlineAt);
  return { start, skip, cancel, expire, wakeAt, runStatus };
}

/**
 * Failure semantics (README "Running workflows"). A step that failed for good is either
 * - **acceptable** (`onError: continue`): the run goes on and its status ignores the failure; or
 * - **caught** (a `failure` or `always` connection leaves it): the graph goes on — the handler branch and
 *   everything not downstream of the step's success run — but the run still ends `failed` (then rolls back
 *   when the workflow asks), like a catch that cleans up and rethrows; or
 * - **uncaught**: nothing new starts, what had not started is cancelled, and the run fails (or rolls back).
 */
export function hasFatalFailure(definition: WorkflowDefinition, steps: Record<string, StepState>): boolean {
  return definition.nodes.some(
    (n) =>
      steps[n.id]?.status === "failed" &&
      n.onError !== "continue" &&
      !definition.edges.some((e) => e.source === n.id && (e.on === "failure" || e.on === "always")),
  );
}

/** The steps whose failure makes the run's outcome a failure (caught or not, but not acceptable). */
export function failedSteps(definition: WorkflowDefinition, steps: Record<string, StepState>): WorkflowNode[] {
  return definition.nodes.filter((n) => steps[n.id]?.status === "failed" && n.onError !== "continue");
}

function runStatusOf(definition: WorkflowDefinition, state: RunState, hasWork: boolean, decided: Map<string, StepStatus>): RunStatus {
  if (state.status === "rolling_back" || state.status === "rolled_back" || state.status === "cancelled") return state.status;
  const statuses = definition.nodes.map((n) => decided.get(n.id) ?? state.steps[n.id]?.status ?? "pending");
  const isBusy = statuses.some((s) => s === "running" || s === "compensating");
  const isWaiting = statuses.some((s) => s === "waiting");
  if (state.isCancelRequested) return isBusy ? "running" : "cancelled";
  if (hasFatalFailure(definition, state.steps)) return isBusy || isWaiting ? "running" : "failed";
  if (isBusy || hasWork) return "running";
  if (isWaiting) return "waiting";
  if (statuses.some((s) => s === "pending")) return "running"; // decided on the next pass
  return failedSteps(definition, state.steps).length > 0 ? "failed" : "succeeded";
}

/** Kahn order over the definition (cycles are refused when saving, so every node appears). */
export function topoOrder(definition: WorkflowDefinition): WorkflowNode[] {
  const g = graphOf(definition);
  if (g.order) return g.order;
  const indegree = new Map(definition.nodes.map((n) => [n.id, (g.inbound.get(n.id) ?? []).length]));
  const out = new Map<string, string[]>();
  for (const e of definition.edges) (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e.target);
  const queue = definition.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: WorkflowNode[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(g.nodes.get(id)!);
    for (const t of out.get(id) ?? []) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  g.order = order;
  return order;
}

/**
 * What to do with a failed attempt: retry after an exponential (or fixed) backoff with jitter, or fail.
 * "Equal jitter": half the delay is fixed, half random, so retries spread out but never come too soon.
 */
export function retryDecision(node: WorkflowNode, attempt: number, options: { isRetryable: boolean; now: number; random: () => number }): { retryAt: number } | null {
  const max = node.retry?.maxAttempts ?? 1;
  if (!options.isRetryable || attempt >= max) return null;
  const base = (node.retry?.delaySeconds ?? 5) * 1000;
  const delay = Math.min(3_600_000, node.retry?.backoff === "fixed" ? base : base * 2 ** (attempt - 1));
  return { retryAt: options.now + delay / 2 + options.random() * (delay / 2) };
}

/** Completed compensable steps, newest first: the saga's undo order. */
export function compensationOrder(definition: WorkflowDefinition, steps: Record<string, StepState>, getStep: StepLookup): string[] {
  return definition.nodes
    .filter((n) => steps[n.id]?.status === "succeeded" && getStep(n.type)?.compensable === true)
    .sort((a, b) => (steps[b.id]!.finishedAt ?? 0) - (steps[a.id]!.finishedAt ?? 0))
    .map((n) => n.id);
}

/**
 * For a rerun from `fromStep`: the steps of the previous run whose results are reused (succeeded and not
 * downstream of the rerun point). Everything else starts over.
 */
export function reusableSteps(definition: WorkflowDefinition, previous: Record<string, StepState>, fromStep: string): string[] {
  const downstream = new Set<string>([fromStep]);
  for (const n of topoOrder(definition)) {
    if ((graphOf(definition).inbound.get(n.id) ?? []).some((e) => downstream.has(e.source))) downstream.add(n.id);
  }
  return definition.nodes.filter((n) => !downstream.has(n.id) && previous[n.id]?.status === "succeeded").map((n) => n.id);
}
