import "server-only";
import { setTimeout as delay } from "node:timers/promises";
import type { ProviderResource } from "../providers/types";
import type { StepContext, StepImplementation } from "./index";
import { applyUpdate, driverOf, outputsOf, restoreUpdate } from "./resources";

/**
 * Switches a load balancer's targets, then waits until the old targets have no request in flight (as the
 * provider counts them: `drainingRequests`), at most `drainSeconds`. A step after it, such as deleting the
 * old group, then cannot cut off requests the old targets were still answering. Rollback points the load
 * balancer back and waits the same way for the targets it leaves. The wait honours ctx.signal.
 */

/** How often the load balancer is asked again while it drains; local calls cost nothing. */
const POLL_MS = 200;

const draining = (lb: ProviderResource): number => {
  const n = lb.attributes.drainingRequests;
  // A provider that reports no count (the simulated clouds serve no real requests) has nothing in flight.
  return typeof n === "number" && Number.isFinite(n) ? n : 0;
};

async function waitForDrain(ctx: StepContext, switched: ProviderResource): Promise<void> {
  const seconds = Number(ctx.config.drainSeconds ?? 0);
  let left = draining(switched);
  if (!(seconds > 0) || left === 0) return;
  const { driver } = driverOf(ctx);
  const deadline = Date.now() + seconds * 1000;
  ctx.log(`waiting up to ${seconds} s for ${left} request(s) still in flight on the old targets`);
  while (left > 0) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      ctx.log(`drain time of ${seconds} s is up with ${left} request(s) still in flight on the old targets`);
      return;
    }
    await delay(Math.min(POLL_MS, remaining), undefined, { signal: ctx.signal });
    left = draining(await driver.get("network.loadBalancer", switched.externalId, { signal: ctx.signal }));
  }
  ctx.log("the old targets have no requests in flight");
}

export const updateLoadBalancerStep: StepImplementation = {
  async run(ctx) {
    const switched = await applyUpdate(ctx);
    await waitForDrain(ctx, switched);
    return outputsOf(ctx.step, switched);
  },
  async compensate(ctx) {
    const restored = await restoreUpdate(ctx);
    if (restored) await waitForDrain(ctx, restored);
  },
};
