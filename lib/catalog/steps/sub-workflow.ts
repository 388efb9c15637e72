import { z } from "zod";
import { defineStep } from "../define";

export const subWorkflow = defineStep({
  type: "sub-workflow",
  title: "Run workflow",
  description: "Start another saved workflow as a child run and wait for it; its failure fails this step.",
  category: "flow",
  icon: "Workflow",
  config: z.strictObject({
    workflowId: z.string().trim().min(1, "choose a workflow").max(100).describe("The workflow to run.").meta({ title: "Workflow" }),
    version: z
      // A string rather than a union so the form shows one text box.
      .string()
      .trim()
      .regex(/^(latest|[1-9]\d{0,8})$/, "must be latest or a version number")
      .default("latest")
      .describe("Version number to pin, or latest to use the newest saved version when this step starts.")
      .meta({ title: "Version" }),
    inputs: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "must be an input name"), z.union([z.string().max(10_000), z.number(), z.boolean()]))
      .default({})
      .describe("Values for the child's inputs; strings may use ${{ … }}.")
      .meta({ title: "Inputs" }),
  }),
  outputs: {
    runId: { type: "string", description: "Id of the child run." },
    status: { type: "string", description: "Final status of the child run." },
  },
  compensable: false,
});
