import { z } from "zod";

export const AUDIT_OUTCOMES = ["success", "denied", "error"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export const AUDIT_PAGE_SIZES = [10, 25, 50, 100] as const;
export const AUDIT_EXPORT_FORMATS = ["csv", "json"] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];
/** An export holds at most this many rows (newest first); the page and the file both say so when cut. */
export const AUDIT_EXPORT_LIMIT = 100_000;

const instant = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label} must be a date and time (ISO 8601, e.g. 2026-12-04T09:30:00Z).` }).optional();
const text = (max: number, label: string) => z.string().trim().max(max, `${label} is at most ${max} characters.`).optional();

/**
 * What narrows the audit log, shared by the page (and its URL), the list procedure and the export route.
 * Text filters match a part, case-insensitively; the time range includes both ends.
 */
const filterShape = {
  actor: text(254, "Actor"),
  action: text(200, "Action"),
  target: text(200, "Target"),
  outcome: z.enum(AUDIT_OUTCOMES, { error: `Outcome must be one of ${AUDIT_OUTCOMES.join(", ")}.` }).optional(),
  from: instant("From"),
  to: instant("To"),
};

function rangeInOrder(value: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (value.from && value.to && Date.parse(value.from) > Date.parse(value.to)) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "“To” must be the same as or later than “From”." });
  }
}

export const auditFiltersSchema = z.object(filterShape).superRefine(rangeInOrder);
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const listAuditInput = z
  .object({
    ...filterShape,
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(25),
  })
  .superRefine(rangeInOrder);
export type ListAuditInput = z.infer<typeof listAuditInput>;

export const exportAuditInput = z
  .object({ ...filterShape, format: z.enum(AUDIT_EXPORT_FORMATS, { error: "Format must be csv or json." }) })
  .superRefine(rangeInOrder);
export type ExportAuditInput = z.infer<typeof exportAuditInput>;
