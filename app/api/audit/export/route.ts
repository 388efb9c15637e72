import { handleAuditExport } from "@/server/audit/export-http";
import { db } from "@/server/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The audit log as a CSV or JSON download, with the page's filters (server/audit/export-http.ts). */
export function GET(req: Request) {
  return handleAuditExport(req, { db });
}
