import "server-only";
import type { Db } from "@/db/client";
import { AUDIT_EXPORT_LIMIT, exportAuditInput, type AuditExportFormat } from "@/lib/audit/schemas";
import { readAuditFilters } from "@/lib/audit/search-params";
import { can } from "../auth/permissions";
import { getUserFromHeaders } from "../auth/session";
import { countAudit, matchingAuditIds } from "../services/audit";
import { clientIpFrom } from "../trpc/context";
import { exportStream } from "./export";
import { writeAudit, type AuditRecord } from "./write";

export const EXPORT_ACTION = "audit.export";

const CONTENT_TYPES: Record<AuditExportFormat, string> = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" };

function refusal(status: number, code: string, message: string, fieldErrors?: Record<string, string>): Response {
  return Response.json({ error: { code, message, fieldErrors } }, { status, headers: { "cache-control": "no-store" } });
}

/** `stratus-audit-2026-12-04T09-30-00Z.csv`: sorts by time, and is a valid file name everywhere. */
export function exportFileName(format: AuditExportFormat, at: Date): string {
  return `stratus-audit-${at.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-")}.${format}`;
}

/**
 * GET /api/audit/export?format=csv|json&actor=…&action=…&target=…&outcome=…&from=…&to=…: every row the
 * same filters show on the audit page (newest first, at most AUDIT_EXPORT_LIMIT), as a download. Needs
 * `audit:read`, checked here against the database like every procedure. Every attempt is itself audited
 * (`audit.export`, with the filters), and a successful one only once that row is written.
 */
export async function handleAuditExport(req: Request, options: { db: () => Db; limit?: number }): Promise<Response> {
  const limit = options.limit ?? AUDIT_EXPORT_LIMIT;
  const url = new URL(req.url);
  const filters = readAuditFilters(url.searchParams);
  const format = url.searchParams.get("format") ?? undefined;
  const user = await getUserFromHeaders(req.headers);
  const record = (outcome: AuditRecord["outcome"], errorCode: string | null, input: unknown) =>
    writeAudit(options.db(), {
      actorId: user?.id ?? null,
      actorEmail: user?.email ?? null,
      actorRole: user?.role ?? null,
      action: EXPORT_ACTION,
      target: null,
      outcome,
      errorCode,
      ip: clientIpFrom(req.headers),
      userAgent: req.headers.get("user-agent"),
      input,
    });
  // A refusal is answered even when its record cannot be written (the tRPC middleware does the same).
  const recordQuietly = async (outcome: AuditRecord["outcome"], errorCode: string) => {
    try {
      await record(outcome, errorCode, { format, ...filters });
    } catch (error) {
      console.error("[audit] could not record a refused export:", error instanceof Error ? error.message : error);
    }
  };

  if (!user) {
    await recordQuietly("denied", "UNAUTHORIZED");
    return refusal(401, "UNAUTHORIZED", "Sign in to continue.");
  }
  if (!can(user.role, "audit:read")) {
    await recordQuietly("denied", "FORBIDDEN");
    return refusal(403, "FORBIDDEN", `Your role (${user.role}) may not export the audit log.`);
  }
  const parsed = exportAuditInput.safeParse({ ...filters, format });
  if (!parsed.success) {
    await recordQuietly("error", "BAD_REQUEST");
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
    return refusal(400, "BAD_REQUEST", parsed.error.issues[0]?.message ?? "Invalid export request.", fieldErrors);
  }

  const { format: fileFormat, ...query } = parsed.data;
  const exportedAt = new Date();
  try {
    // The file is the log as it was when asked for (so not this export's own record, written next), and
    // no row of it leaves before the export is on record.
    const ids = await matchingAuditIds(options.db(), query, limit);
    const matching = Math.max(ids.length, await countAudit(options.db(), query));
    const rows = ids.length;
    await record("success", null, { format: fileFormat, ...query, matching, rows });
    const body = exportStream(options.db(), fileFormat, { exportedAt, filters: query, matching, limit, ids });
    return new Response(body, {
      status: 200,
      headers: {
        "content-type": CONTENT_TYPES[fileFormat],
        "content-disposition": `attachment; filename="${exportFileName(fileFormat, exportedAt)}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "x-stratus-export-matching": String(matching),
        "x-stratus-export-rows": String(rows),
        "x-stratus-export-truncated": String(matching > limit),
      },
    });
  } catch (error) {
    console.error("[audit] export failed before it started:", error instanceof Error ? error.message : error);
    return refusal(500, "INTERNAL_SERVER_ERROR", "The export could not be prepared. It has been logged; please try again.");
  }
}
