import { z } from "zod";

export const AUDIT_OUTCOMES = ["success", "denied", "error"] as const;

export const listAuditInput = z.object({
  action: z.string().max(200).optional(),
  actor: z.string().max(254).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type ListAuditInput = z.infer<typeof listAuditInput>;
