import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { renderPrometheus } from "./prometheus";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Compares in constant time (hashes first, so neither the length nor a prefix leaks through timing). */
export function isTokenValid(header: string | null, token: string | undefined): boolean {
  if (!token || !header) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!.trim()), digest(token));
}

/**
 * GET /api/metrics: the Prometheus text format for a caller presenting `Authorization: Bearer <token>`.
 * Without a configured token everyone is refused: metrics name resources and workflows.
 */
export async function handleMetricsRequest(req: Request, options: { db: () => Db; token: string | undefined }): Promise<Response> {
  if (!isTokenValid(req.headers.get("authorization"), options.token)) {
    return new Response("Unauthorized: send Authorization: Bearer <STRATUS_METRICS_TOKEN>.\n", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="stratus-metrics"', "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  try {
    const { contentType, body } = await renderPrometheus(options.db());
    return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (error) {
    console.error("[metrics] /api/metrics failed:", error instanceof Error ? error.message : error);
    return new Response("Metrics are unavailable; see the server log.\n", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
