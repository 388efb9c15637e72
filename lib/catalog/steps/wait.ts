import { z } from "zod";
import { defineStep } from "../define";

export const wait = defineStep({
  type: "wait",
  title: "Wait",
  description: "Pause this branch of the run, e.g. to let caches warm up or DNS propagate. Holds no worker while waiting.",
  category: "flow",
  icon: "Timer",
  config: z.strictObject({
    seconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(60)
      .describe("How long to wait, at most a day.")
      .meta({ title: "Seconds" }),
  }),
  outputs: {},
  compensable: false,
});
