import { z } from "zod";
import { defineStep } from "../define";

export const manualApproval = defineStep({
  type: "manual-approval",
  title: "Manual approval",
  description: "Stop until a person with the given role approves or rejects; rejecting fails the step.",
  category: "flow",
  icon: "UserCheck",
  config: z.strictObject({
    approverRole: z
      .enum(["admin", "operator"])
      .default("operator")
      .describe("Least role allowed to decide; admins can always approve.")
      .meta({ title: "Approver role" }),
    message: z
      .string()
      .trim()
      .min(1, "is required")
      .max(2000)
      .default("Approve to continue.")
      .describe("What the approver is asked, e.g. with ${{ steps.check.outputs.latencyMs }}.")
      .meta({ title: "Message", multiline: true }),
  }),
  outputs: {
    approvedBy: { type: "string", description: "User who approved." },
    comment: { type: "string", description: "What the approver wrote, possibly empty." },
  },
  compensable: false,
});
