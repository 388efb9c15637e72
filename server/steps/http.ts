import "server-only";
import { EgressRefusedError, egressRequest } from "../net/egress";
import { stepEgressPolicy } from "../net/step-policy";
import { ProviderError } from "../providers/types";
import { StepFailedError } from "./failure";
import type { StepContext, StepImplementation } from "./index";
import { str } from "./resources";

/**
 * The steps that call user-given URLs. Every request goes through the SSRF guard (server/net/egress.ts):
 * a refused destination fails the step at once, without retries, saying how an admin can allow it.
 */

const headersOf = (v: unknown): Record<string, string> =>
  typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v).map(([k, value]) => [k, str(value)])) : {};

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new Error("aborted"));
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), reject(new Error("aborted"))), { once: true });
  });
}

/** The `body` output's limit, as the catalog says: 1 MB of the response (the rest is not downloaded). */
export const HTTP_BODY_MAX_BYTES = 1024 * 1024;
/** Statuses that say "try again later"; other 4xx answers will not change on a retry. */
const RETRYABLE_STATUSES = new Set([408, 425, 429]);

export const httpRequestStep: StepImplementation = {
  async run(ctx) {
    const body = str(ctx.config.body);
    const url = str(ctx.config.url);
    const seconds = Number(ctx.config.timeoutSeconds ?? 30);
    const timeout = AbortSignal.timeout(seconds * 1000);
    let res: Awaited<ReturnType<typeof egressRequest>>;
    try {
      res = await egressRequest(
        url,
        { method: str(ctx.config.method, "GET"), headers: headersOf(ctx.config.headers), body: body === "" ? undefined : body, signal: AbortSignal.any([ctx.signal, timeout]), maxBytes: HTTP_BODY_MAX_BYTES },
        await stepEgressPolicy(),
      );
    } catch (error) {
      // The step's own limit (not a cancel or the attempt's timeout) is a slow server: worth a retry.
      if (timeout.aborted && !ctx.signal.aborted) throw new ProviderError("TIMEOUT", `${url} did not answer within ${seconds} s.`, { cause: error });
      throw error;
    }
    if (res.isTruncated) ctx.log(`the response body was cut to its first ${HTTP_BODY_MAX_BYTES / (1024 * 1024)} MB`);
    if (res.status >= 400) {
      const excerpt = res.body.trim().slice(0, 300);
      throw new ProviderError("UNAVAILABLE", `${str(ctx.config.method, "GET")} ${url} answered ${res.status}${excerpt ? `: ${excerpt}` : ""}`, {
        isRetryable: res.status >= 500 || RETRYABLE_STATUSES.has(res.status),
      });
    }
    return { status: res.status, body: res.body };
  },
};

export const httpHealthCheckStep: StepImplementation = {
  async run(ctx) {
    const expected = Number(ctx.config.expectedStatus ?? 200);
    const tries = Number(ctx.config.retries ?? 5) + 1;
    const url = str(ctx.config.url);
    const timeoutMs = Number(ctx.config.timeoutSeconds ?? 5) * 1000;
    let last = { status: 0, latencyMs: 0, error: "" };
    for (let i = 0; i < tries; i++) {
      const t0 = performance.now();
      try {
        const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
        // The allow-list is read for every attempt, so an admin's change applies to a check under way.
        const res = await egressRequest(url, { signal, maxBytes: 64_000 }, await stepEgressPolicy());
        const latencyMs = Math.round(performance.now() - t0);
        if (res.status === expected) return { status: res.status, latencyMs, healthy: true, error: "" };
        last = { status: res.status, latencyMs, error: `answered ${res.status}, expected ${expected}` };
      } catch (error) {
        // A refused destination is a setting to fix, not an answer about health: it reports nothing.
        if (ctx.signal.aborted || error instanceof EgressRefusedError) throw error;
        const latencyMs = Math.round(performance.now() - t0);
        const isTimeout = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        last = { status: 0, latencyMs, error: isTimeout ? `no answer within ${timeoutMs / 1000} s` : error instanceof Error ? error.message : String(error) };
      }
      ctx.log(`health check attempt ${i + 1}/${tries}: ${last.error}`);
      if (i < tries - 1) await sleep(Number(ctx.config.intervalSeconds ?? 10) * 1000, ctx.signal);
    }
    throw new StepFailedError("UNAVAILABLE", `${url} is not healthy: ${last.error}`, { ...last, healthy: false }, { isRetryable: false });
  },
};

/** The notify step's webhook channel: a JSON POST {text, severity}. */
export async function postWebhook(ctx: StepContext): Promise<void> {
  const res = await egressRequest(
    str(ctx.config.webhookUrl),
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: ctx.config.message, severity: ctx.config.severity }), signal: ctx.signal, maxBytes: 64_000 },
    await stepEgressPolicy(),
  );
  if (res.status >= 400) throw new ProviderError("UNAVAILABLE", `webhook answered ${res.status}`);
}
