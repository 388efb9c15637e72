import "server-only";
import { PgBoss, fromPglite } from "pg-boss";
import type { Database } from "@/db/client";

/**
 * The pg-boss instance of this process (ARCHITECTURE.md "Two modes, one code path"): on PGlite through its
 * own adapter, on PostgreSQL with its own pool. The engine registers its queues on it (next issues).
 */
type QueueState = { boss: PgBoss; ready: Promise<void>; error: string | null };
const holder = globalThis as { __stratusQueue?: QueueState };

export function startQueue(database: Database): Promise<void> {
  if (holder.__stratusQueue) return holder.__stratusQueue.ready;
  const boss =
    database.kind === "pglite"
      ? new PgBoss({
          db: fromPglite(database.pglite),
          backend: "pglite",
          // One connection serialises everything on PGlite: keep housekeeping rare (STACK-NOTES).
          superviseIntervalSeconds: 300,
          maintenanceIntervalSeconds: 3600,
        })
      : // Supervision finds jobs of dead workers (missed heartbeats): often enough to resume in seconds.
        new PgBoss({ connectionString: database.url, max: 5, application_name: "stratus", superviseIntervalSeconds: 5, monitorIntervalSeconds: 5, useListenNotify: true });
  const state: QueueState = { boss, ready: Promise.resolve(), error: null };
  boss.on("error", (error: Error) => {
    state.error = error.message;
    console.error("[queue]", error.message);
  });
  state.ready = boss.start().then(() => {
    state.error = null;
  });
  holder.__stratusQueue = state;
  return state.ready;
}

export function getQueue(): PgBoss | null {
  return holder.__stratusQueue?.boss ?? null;
}

export async function queueStatus(): Promise<{ status: "ok" | "down" | "not_started"; message?: string }> {
  const state = holder.__stratusQueue;
  if (!state) return { status: "not_started" };
  try {
    await state.ready;
    await state.boss.getQueues();
    return state.error ? { status: "down", message: "The queue reported an error; see the server log." } : { status: "ok" };
  } catch {
    return { status: "down", message: "The queue is not reachable; see the server log." };
  }
}

export async function stopQueue(): Promise<void> {
  const state = holder.__stratusQueue;
  holder.__stratusQueue = undefined;
  if (state) await state.boss.stop({ graceful: true, close: true });
}
