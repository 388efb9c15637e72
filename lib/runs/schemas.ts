import { z } from "zod";

export const RUN_STATUS_FILTERS = ["queued", "running", "waiting", "succeeded", "failed", "cancelled", "rolling_back", "rolled_back"] as const;

export const listRunsInput = z.object({
  workflowId: z.uuid().optional(),
  status: z.enum(RUN_STATUS_FILTERS).optional(),
  /** Only runs with a step waiting for the caller's decision (server/auth/approver.ts decides who may). */
  awaitingMe: z.boolean().optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export const runIdInput = z.object({ id: z.uuid("Not a valid run id.") });
export const startRunInput = z.object({
  workflowId: z.uuid("Not a valid workflow id."),
  /** Checked against the workflow's declared inputs by the server (lib/workflow/inputs.ts). */
  inputs: z.record(z.string(), z.unknown()).default({}),
});
export const rerunInput = runIdInput.extend({ fromStep: z.string().min(1).max(100) });
export const approvalInput = runIdInput.extend({ stepId: z.string().min(1).max(100), isApproved: z.boolean(), comment: z.string().trim().max(2000).default("") });
