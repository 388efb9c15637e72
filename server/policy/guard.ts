import "server-only";
import vm from "node:vm";

/**
 * CEL has no loops, but its macros nest (`l.all(a, l.all(b, …))` is |l|^depth steps) and `matches()` runs a
 * backtracking regular expression (`"aaaa…!".matches("^(a+)+$")` takes minutes): either would block the whole
 * server. Such expressions are evaluated under a time limit: V8 stops a script run by `vm` with a timeout even
 * inside a regular expression. Plain comparisons (every seeded policy) stay unguarded, because the watchdog
 * costs about a millisecond per call and the engine judges every step.
 */
export const EVALUATION_LIMIT_MS = 1000;

/** Words of the macros and functions whose cost is not bounded by the expression's length. */
const COSTLY = /\b(all|exists|exists_one|map|filter|matches)\b/;

const context = vm.createContext({ job: null as (() => unknown) | null });
const runJob = new vm.Script("job()");

export class EvaluationTimeout extends Error {
  constructor() {
    super(`the expression took longer than ${EVALUATION_LIMIT_MS / 1000} s to evaluate (simplify nested macros or regular expressions)`);
    this.name = "EvaluationTimeout";
  }
}

/** Runs `evaluate` (a compiled expression on its facts), stopped after the limit when the expression may be costly. */
export function guardedEvaluate(expression: string, evaluate: () => unknown): unknown {
  if (!COSTLY.test(expression)) return evaluate();
  context.job = evaluate;
  try {
    return runJob.runInContext(context, { timeout: EVALUATION_LIMIT_MS });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new EvaluationTimeout();
    throw error;
  } finally {
    context.job = null;
  }
}
