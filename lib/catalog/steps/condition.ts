import { z } from "zod";
import { defineStep } from "../define";
import { hasTemplate } from "./fields";

export const condition = defineStep({
  type: "condition",
  title: "Condition",
  description: "Branch on a CEL expression: the true connections run when it holds, the false ones otherwise.",
  category: "flow",
  icon: "GitBranch",
  config: z.strictObject({
    expression: z
      .string()
      .trim()
      .min(1, "is required")
      .max(2000)
      // The whole field is CEL already; a ${{ }} inside would be read as a map literal, not a reference.
      .refine((v) => !hasTemplate(v), "write the expression bare, without ${{ }}")
      .describe("CEL expression, e.g. steps.check_primary.outputs.healthy == false or inputs.instance_count > 2.")
      .meta({ title: "Expression", expression: true }),
  }),
  outputs: {
    result: { type: "boolean", description: "What the expression evaluated to." },
  },
  compensable: false,
  branches: ["true", "false"],
});
