import "server-only";
import path from "node:path";
import type { Database } from "@/db/client";
import { env } from "../env";
import { createProviders } from "../providers";
import { getQueue } from "../queue/boss";
import { listen } from "../queue/listen";
import { startEngine, WORK_CHANNEL } from "./executor";
import { startWorkspaceSweeper } from "./workspaces";

/**
 * Starts this process's step workers on the shared queue, with every provider driver. In embedded mode
 * they run inside the web process; in server mode also in each `npm run worker` process. Jobs left
 * mid-flight by a process that died are retried by pg-boss when their claim expires, and the fencing by
 * attempt keeps a late result from a lapsed worker out.
 */
export async function startWorkers(database: Database): Promise<void> {
  const boss = getQueue();
  if (!boss) throw new Error("Start the queue before the engine.");
  const e = env();
  const providers = createProviders(
    { db: database.db, dataDir: path.join(e.dataDir, "providers"), now: () => new Date() },
    { sim: { seed: e.STRATUS_SIM_SEED, faults: e.STRATUS_SIM_FAULTS } },
  );
  // Embedded mode has one process: whatever it left running when it stopped can be resumed at once.
  // Server mode: commits NOTIFY, and every process LISTENs, so a step enqueued anywhere starts at once.
  const isServer = database.kind === "postgres";
  const workspaceRoot = path.join(e.dataDir, "workspaces");
  await startEngine(
    {
      db: database.db,
      boss,
      providers,
      notifyOtherProcesses: isServer,
      listen: isServer ? (onNotify) => listen(database.url, WORK_CHANNEL, onNotify) : undefined,
      workspaceRoot,
    },
    { recoverOrphans: !isServer },
  );
  // Each process keeps its own workspaces (its own data folder), so each sweeps its own; one sweeper per process.
  const holder = globalThis as { __stratusStopSweeper?: () => void };
  holder.__stratusStopSweeper?.();
  holder.__stratusStopSweeper = startWorkspaceSweeper(database.db, workspaceRoot, e.STRATUS_WORKSPACE_RETENTION_DAYS);
}
