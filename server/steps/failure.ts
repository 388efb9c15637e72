import "server-only";
import type { StepDefinition } from "@/lib/catalog/define";
import { ProviderError, type ProviderErrorCode } from "../providers/types";

/**
 * A step that failed but still reports what it learnt (a health check's `healthy: false`, `status`,
 * `error`): `outputs` become the failed step's outputs, for downstream `failure`/`always` branches and
 * conditions. Only the outputs its type declares with `onFailure: true` are kept.
 *
 * @example throw new StepFailedError("UNAVAILABLE", "https://app/health is not healthy: answered 503", { healthy: false, status: 503 })
 */
export class StepFailedError extends ProviderError {
  readonly outputs: Record<string, unknown>;
  constructor(code: ProviderErrorCode, message: string, outputs: Record<string, unknown>, options: { isRetryable?: boolean; cause?: unknown } = {}) {
    super(code, message, options);
    this.outputs = outputs;
  }
}

/** The failure outputs a step type declares, from what its failed attempt reported (null where it said nothing). */
export function failureOutputsOf(step: StepDefinition, error: unknown): Record<string, unknown> | undefined {
  const declared = Object.entries(step.outputs).filter(([, o]) => o.onFailure === true);
  if (declared.length === 0) return undefined;
  const reported = error instanceof StepFailedError ? error.outputs : {};
  const message = error instanceof Error ? error.message : String(error);
  // `error` is the usual failure output: when a step declares it, it always says why.
  return Object.fromEntries(declared.map(([name]) => [name, reported[name] ?? (name === "error" ? message : null)]));
}
