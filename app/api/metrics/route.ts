import { db } from "@/server/db";
import { env } from "@/server/env";
import { handleMetricsRequest } from "@/server/metrics/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint, behind STRATUS_METRICS_TOKEN (server/metrics/http.ts). */
export function GET(req: Request) {
  return handleMetricsRequest(req, { db, token: env().STRATUS_METRICS_TOKEN });
}
