import { z } from "zod";
import { defineStep } from "../define";
import { location, reference } from "./fields";

export const updateLoadBalancer = defineStep({
  type: "update-load-balancer",
  title: "Switch load balancer",
  description: "Point an existing load balancer at new targets: new requests go to them at once, and the step waits for the old ones to finish the requests they are answering. Rollback points it back.",
  category: "network",
  icon: "ArrowRightLeft",
  config: z.strictObject({
    ...location,
    loadBalancer: reference("Load balancer", "${{ inputs.load_balancer_id }} or ${{ steps.lb.outputs.loadBalancerId }}"),
    targets: reference("New targets", "${{ steps.green.outputs.groupId }}"),
    drainSeconds: z
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(30)
      .describe("The longest the step waits for the old targets' requests in flight to end, so that a later step (e.g. deleting them) does not cut them off. Simulated clouds serve no real requests, so there is nothing to wait for.")
      .meta({ title: "Drain time (s)" }),
  }),
  outputs: {
    loadBalancerId: { type: "string", description: "Provider id of the load balancer." },
    previousTargets: { type: "string", description: "What the load balancer pointed at before, e.g. the blue group id." },
  },
  resource: { type: "network.loadBalancer", action: "update" },
  compensable: true,
});
