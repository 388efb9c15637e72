import { setTimeout as sleep } from "node:timers/promises";
import { ProviderError } from "../types";
import { createRandom, hash32 } from "./random";

/**
 * API latency and seeded fault injection. Every call draws exactly one number from the fault stream when it
 * starts, so for a given seed the n-th call always meets the same fate, however long calls take. Latency
 * jitter has its own stream so turning latency on or off does not move the faults.
 */

export type FaultSettings = {
  seed: number;
  latencyMs: number;
  errorRate: number;
  timeoutRate: number;
  dropReplyRate: number;
  /** How long a call that "times out" hangs when the caller gives no AbortSignal. */
  timeoutMs: number;
};

/** The fate of a call that got through: whether its reply is lost after the work is done. */
export type Ticket = { dropsReply: boolean };

export type Faults = {
  /** Waits the API latency, then throws the injected error or timeout, if any. */
  enter(operation: string, where: string, signal?: AbortSignal): Promise<Ticket>;
  /** The error a caller sees when the work was committed but the reply never arrived. */
  droppedReply(operation: string, where: string): ProviderError;
};

function aborted(operation: string, where: string, cause: unknown): ProviderError {
  return new ProviderError("TIMEOUT", `${where}: ${operation} was abandoned: the caller's deadline passed or it was cancelled`, { cause });
}

async function wait(ms: number, operation: string, where: string, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    throw aborted(operation, where, signal?.reason ?? error);
  }
}

export function createFaults(providerId: string, unavailableCode: string, settings: FaultSettings): Faults {
  const nextFault = createRandom(settings.seed ^ hash32(providerId));
  const nextJitter = createRandom(settings.seed ^ hash32(`${providerId}:latency`));
  const { errorRate, timeoutRate, dropReplyRate } = settings;

  return {
    async enter(operation, where, signal) {
      if (signal?.aborted) throw aborted(operation, where, signal.reason);
      const draw = nextFault();
      // Jitter of ±50 % around the configured latency, like a real API's spread.
      if (settings.latencyMs > 0) await wait(settings.latencyMs * (0.5 + nextJitter()), operation, where, signal);
      if (draw < errorRate) {
        throw new ProviderError("UNAVAILABLE", `${where}: ${unavailableCode} — could not ${operation} right now (simulated fault); retry later`);
      }
      if (draw < errorRate + timeoutRate) {
        await wait(settings.timeoutMs, operation, where, signal);
        throw new ProviderError("TIMEOUT", `${where}: ${operation} got no answer within ${settings.timeoutMs} ms (simulated fault)`);
      }
      return { dropsReply: draw < errorRate + timeoutRate + dropReplyRate };
    },
    droppedReply(operation, where) {
      return new ProviderError(
        "UNAVAILABLE",
        `${where}: the connection closed before the reply to ${operation} arrived (simulated fault); the request may have succeeded — retry with the same idempotency key`,
      );
    },
  };
}
