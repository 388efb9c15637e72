import { NextResponse } from "next/server";
import { pingDatabase } from "@/db/client";
import { getDatabase } from "@/server/db";
import { queueStatus } from "@/server/queue/boss";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Unauthenticated liveness for load balancers: statuses only, never config or secrets. */
export async function GET() {
  let database: { status: "ok" | "down"; kind?: string } = { status: "down" };
  try {
    const db = getDatabase();
    await pingDatabase(db);
    database = { status: "ok", kind: db.kind };
  } catch {
    database = { status: "down" };
  }
  const queue = await queueStatus();
  const isOk = database.status === "ok" && queue.status === "ok";
  return NextResponse.json(
    { status: isOk ? "ok" : "degraded", database, queue: { status: queue.status } },
    { status: isOk ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
