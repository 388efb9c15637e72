import { z } from "zod";

/** API inputs of the workflows router, shared with the forms that send them. */
export const workflowNameSchema = z.string().trim().min(1, "Enter a name.").max(200, "Use at most 200 characters.");
export const workflowDescriptionSchema = z.string().trim().max(2000, "Use at most 2,000 characters.").default("");

export const WORKFLOW_SORTS = ["updated", "name", "created", "lastRun"] as const;
export const listWorkflowsInput = z.object({
  search: z.string().max(200).optional(),
  sort: z.enum(WORKFLOW_SORTS).default("updated"),
  direction: z.enum(["asc", "desc"]).default("desc"),
  status: z.enum(["active", "archived", "all"]).default("active"),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type ListWorkflowsInput = z.infer<typeof listWorkflowsInput>;

export const workflowIdInput = z.object({ id: z.uuid("Not a valid workflow id.") });

export const createWorkflowInput = z.object({
  name: workflowNameSchema,
  description: workflowDescriptionSchema,
  templateId: z.string().max(100).optional(),
});
export type CreateWorkflowInput = z.infer<typeof createWorkflowInput>;

export const renameWorkflowInput = workflowIdInput.extend({ name: workflowNameSchema, description: workflowDescriptionSchema });
export const archiveWorkflowInput = workflowIdInput.extend({ isArchived: z.boolean() });

/** The definition is checked by lib/workflow (with paths), not here, so its errors name the step at fault. */
export const saveWorkflowInput = workflowIdInput.extend({
  baseVersion: z.number().int().min(0),
  definition: z.unknown(),
  message: z.string().trim().max(500).default(""),
});

export const versionInput = workflowIdInput.extend({ number: z.number().int().min(1) });
export const restoreVersionInput = versionInput.extend({ baseVersion: z.number().int().min(0) });
export const listVersionsInput = workflowIdInput.extend({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(50),
});

export const importWorkflowInput = z.object({
  text: z.string().min(1, "The file is empty.").max(2_000_000, "The file is larger than 2 MB."),
  format: z.enum(["json", "yaml"]).optional(),
});
export const exportWorkflowInput = workflowIdInput.extend({
  format: z.enum(["json", "yaml"]),
  number: z.number().int().min(1).optional(),
});
