import "server-only";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runs } from "@/db/schema";

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ENDED = new Set(["succeeded", "failed", "cancelled", "rolled_back"]);
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Deletes the workspace folders (`<root>/<run id>`, see script steps) of runs that ended more than
 * `retentionDays` ago, or that no longer exist. Folders of active runs, and anything not named like a run,
 * are left alone. Returns the run ids whose folders were removed.
 */
export async function sweepWorkspaces(db: Db, root: string, retentionDays: number, now = Date.now()): Promise<string[]> {
  const names = await readdir(root, { withFileTypes: true }).then(
    (entries) => entries.filter((e) => e.isDirectory() && RUN_ID.test(e.name)).map((e) => e.name),
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    },
  );
  if (names.length === 0) return [];
  const cutoff = now - retentionDays * 24 * 60 * 60 * 1000;
  const removed: string[] = [];
  for (let i = 0; i < names.length; i += 500) {
    const batch = names.slice(i, i + 500);
    const known = new Map((await db.select({ id: runs.id, status: runs.status, finishedAt: runs.finishedAt }).from(runs).where(inArray(runs.id, batch))).map((r) => [r.id, r]));
    for (const id of batch) {
      const run = known.get(id);
      const isExpired = !run || (ENDED.has(run.status) && run.finishedAt !== null && run.finishedAt.getTime() < cutoff);
      if (!isExpired) continue;
      await rm(path.join(root, id), { recursive: true, force: true });
      removed.push(id);
    }
  }
  return removed;
}

/** Sweeps now and then every hour, in the background (a failed sweep is logged and tried again later). */
export function startWorkspaceSweeper(db: Db, root: string, retentionDays: number): () => void {
  const sweep = () =>
    void sweepWorkspaces(db, root, retentionDays).then(
      (removed) => removed.length > 0 && console.info(`[stratus] removed ${removed.length} run workspace(s) older than ${retentionDays} days`),
      (error: unknown) => console.error(`[stratus] could not sweep run workspaces: ${error instanceof Error ? error.message : String(error)}`),
    );
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
