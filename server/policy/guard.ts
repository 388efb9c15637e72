import "server-only";
import { TimeLimitExceeded, withTimeLimit } from "../time-limit";

/**
 * CEL has no loops, but its macros nest (`l.all(a, l.all(b, …))` is |l|^depth steps) and `matches()` runs a
 * backtracking regular expression (`"aaaa…!".matches("^(a+)+$")` takes minutes): either would block the whole
 * server. Such expressions are evaluated under a time limit. Plain comparisons (every seeded policy) stay
 * unguarded, because the engine judges every step and the watchdog costs about a millisecond.
 */
export const EVALUATION_LIMIT_MS = 1000;

/** Words of the macros and functions whose cost is not bounded by the expression's length. */
const COSTLY = /\b(all|exists|exists_one|map|filter|matches)\b/;

export class EvaluationTimeout extends Error {
  constructor() {
    super(`the expression took longer than ${EVALUATION_LIMIT_MS / 1000} s to evaluate (simplify nested macros or regular expressions)`);
    this.name = "EvaluationTimeout";
  }
}

/** Runs `evaluate` (a compiled expression on its facts), stopped after the limit when the expression may be costly. */
export function guardedEvaluate(expression: string, evaluate: () => unknown): unknown {
  if (!COSTLY.test(expression)) return evaluate();
  try {
    return withTimeLimit(evaluate, EVALUATION_LIMIT_MS);
  } catch (error) {
    throw error instanceof TimeLimitExceeded ? new EvaluationTimeout() : error;
  }
}
