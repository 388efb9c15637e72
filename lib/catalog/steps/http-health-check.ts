import { z } from "zod";
import { defineStep } from "../define";
import { httpUrl } from "./fields";

export const httpHealthCheck = defineStep({
  type: "http-health-check",
  title: "HTTP health check",
  description: "Poll a URL until it answers with the expected status; fail after the last retry. A failed check still reports healthy, status, error and latency to failure/always branches.",
  category: "checks",
  icon: "HeartPulse",
  config: z.strictObject({
    url: httpUrl("URL", "What to probe, e.g. ${{ steps.lb.outputs.url }}/health."),
    expectedStatus: z.number().int().min(100).max(599).default(200).describe("HTTP status that counts as healthy.").meta({ title: "Expected status" }),
    retries: z.number().int().min(0).max(100).default(5).describe("Extra attempts after the first before the check fails.").meta({ title: "Retries" }),
    intervalSeconds: z.number().int().min(1).max(300).default(10).describe("Seconds between attempts.").meta({ title: "Interval (s)" }),
    timeoutSeconds: z.number().int().min(1).max(60).default(5).describe("How long one attempt may take.").meta({ title: "Attempt timeout (s)" }),
  }),
  // Set when the check fails too, so failure/always branches and conditions can read why.
  outputs: {
    status: { type: "number", description: "HTTP status of the last attempt (0 when it did not connect).", onFailure: true },
    latencyMs: { type: "number", description: "Response time of the last attempt in milliseconds.", onFailure: true },
    healthy: { type: "boolean", description: "Whether the last attempt got the expected status (also set when the check fails).", onFailure: true },
    error: { type: "string", description: "Why the last attempt was unhealthy, empty when healthy.", onFailure: true },
  },
  compensable: false,
});
