import type { StepLookup } from "@/lib/workflow/validate";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { isTruthy, scopeOf } from "./expressions";
import type { RunState } from "./planner";
import { cancelRun, completeCompensation, completeStep, decideApproval, initialState, advance, type Context, type StepResult, type Transition } from "./transitions";

/**
 * Runs a definition through the pure state machine with scripted step outcomes and a virtual clock: the
 * harness of the golden workflow tests. Each attempt "takes" `stepMs` of virtual time.
 */
export type Script = Record<string, Array<StepResult | ((attempt: number) => StepResult)>>;
export type SimulationOptions = {
  getStep: StepLookup;
  script?: Script;
  /** Default outputs of a succeeded step when the script says nothing. */
  outputs?: Record<string, Record<string, unknown>>;
  approvals?: Record<string, { isApproved: boolean; by: string; comment: string }>;
  compensationFails?: string[];
  inputs?: Record<string, unknown>;
  cancelAfterEvents?: number;
  concurrency?: number;
  stepMs?: number;
  seed?: number;
};

export function simulate(definition: WorkflowDefinition, options: SimulationOptions): { state: RunState; events: string[]; maxParallel: number } {
  let now = 0;
  let seed = options.seed ?? 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const ctx = (): Context => ({
    now,
    random,
    getStep: options.getStep,
    concurrency: options.concurrency,
    evaluateWhen: (node, steps) => {
      try {
        return isTruthy(node.when!, scopeOf(options.inputs ?? {}, steps));
      } catch {
        return false;
      }
    },
  });
  const events: string[] = [];
  let queue: Transition["work"] = [];
  let maxParallel = 0;
  let state = initialState(definition);
  const apply = (t: Transition) => {
    state = t.state;
    for (const e of t.events) events.push(e.stepId ? `${e.type}:${e.stepId}` : e.type);
    queue.push(...t.work);
    return t;
  };
  let pendingWake = apply(advance(definition, state, ctx())).wakeAt;
  let isCancelled = false;
  for (let guard = 0; guard < 10_000; guard++) {
    if (!isCancelled && options.cancelAfterEvents !== undefined && events.length >= options.cancelAfterEvents) {
      isCancelled = true;
      const t = cancelRun(definition, state, ctx());
      apply(t);
      for (const id of t.abort) {
        const item = queue.find((w) => w.stepId === id);
        queue = queue.filter((w) => w.stepId !== id);
        apply(completeStep(definition, state, id, item?.attempt ?? state.steps[id]!.attempt, { ok: false, error: "aborted", isRetryable: false, isAborted: true }, ctx()));
      }
      continue;
    }
    maxParallel = Math.max(maxParallel, Object.values(state.steps).filter((s) => s.status === "running").length);
    const item = queue.shift();
    if (item) {
      now += options.stepMs ?? 10;
      if (item.kind === "compensate") {
        const ok = !(options.compensationFails ?? []).includes(item.stepId);
        pendingWake = apply(completeCompensation(definition, state, item.stepId, ok ? { ok } : { ok, error: "compensation failed" }, ctx())).wakeAt;
      } else {
        const scripted = options.script?.[item.stepId]?.[item.attempt - 1];
        const result: StepResult = typeof scripted === "function" ? scripted(item.attempt) : (scripted ?? { ok: true, output: options.outputs?.[item.stepId] ?? {} });
        pendingWake = apply(completeStep(definition, state, item.stepId, item.attempt, result, ctx())).wakeAt;
      }
      continue;
    }
    const waiting = Object.entries(state.steps).find(([id, s]) => s.status === "waiting" && options.approvals?.[id]);
    if (waiting) {
      pendingWake = apply(decideApproval(definition, state, waiting[0], options.approvals![waiting[0]]!, ctx())).wakeAt;
      continue;
    }
    if (pendingWake !== null) {
      now = Math.max(now, pendingWake);
      pendingWake = apply(advance(definition, state, ctx())).wakeAt;
      continue;
    }
    break;
  }
  return { state, events, maxParallel };
}
