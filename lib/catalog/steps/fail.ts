import { z } from "zod";
import { defineStep } from "../define";

/**
 * Step Functions' Fail state: reached, it fails and so does the run (after failure/always clean-up ran,
 * then a rollback when the workflow asks). Nothing may follow it; `terminal` lets validation say so.
 */
export const fail = defineStep({
  type: "fail",
  title: "Fail run",
  description: "End the run as failed with your message, e.g. after clean-up steps on a failure branch. Nothing runs after it.",
  category: "flow",
  icon: "OctagonX",
  config: z.strictObject({
    message: z
      .string()
      .trim()
      .min(1, "is required")
      .max(2000)
      .default("The workflow failed.")
      .describe("Why the run failed, shown on the run; may use ${{ … }}, e.g. ${{ steps.check.outputs.error }}.")
      .meta({ title: "Message", multiline: true }),
  }),
  outputs: {},
  compensable: false,
  terminal: true,
});
