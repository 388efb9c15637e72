import "server-only";
import vm from "node:vm";

/**
 * Some synchronous work on untrusted input has no useful bound on its cost: a CEL macro nested in macros, a
 * backtracking regular expression, a YAML parser given a 100 kB run of "[". Run under `vm` with a timeout,
 * V8 stops it (even inside a regular expression) instead of blocking the whole server. The watchdog costs
 * about a millisecond per call, so only work that may be costly goes through here.
 */
const sandbox: { job: (() => unknown) | null } = { job: null };
const context = vm.createContext(sandbox);
const runJob = new vm.Script("job()");

export class TimeLimitExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(`took longer than ${limitMs / 1000} s`);
    this.name = "TimeLimitExceeded";
  }
}

/** `work()`, or TimeLimitExceeded once it has run for `limitMs`. Errors of `work` pass through. */
export function withTimeLimit<T>(work: () => T, limitMs: number): T {
  const previous = sandbox.job;
  sandbox.job = work;
  try {
    return runJob.runInContext(context, { timeout: limitMs }) as T;
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new TimeLimitExceeded(limitMs);
    throw error;
  } finally {
    sandbox.job = previous;
  }
}
