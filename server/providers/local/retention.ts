import "server-only";
import type { Dirent } from "node:fs";
import { lstat, readdir, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { bucketDir } from "./buckets";
import { type Runtime, recordsOf } from "./runtime";

/**
 * Bucket retention on the local provider: a bucket is a folder, and its objects are the files in it. Every
 * hour (like run workspaces, server/engine/workspaces.ts) files last modified more than the bucket's
 * `retentionDays` ago are deleted, then the folders left empty. 0 keeps everything. The clock is the
 * runtime's `now`, so tests move time instead of waiting.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** Background work is keyed by resource id; this key cannot clash with one (ids have no colon). */
export const SWEEPER_KEY = "sweep:bucket-retention";

const retentionSchema = z.object({ retentionDays: z.number().int().min(0).default(0) });

const isGone = (error: unknown) => error instanceof Error && "code" in error && error.code === "ENOENT";

/**
 * Deletes every file (and symlink: the link, never what it points at) under `dir` modified before
 * `cutoffMs`, then the sub-folders this emptied or that were empty and as old. `dir` itself stays.
 * Returns how many files went.
 */
export async function sweepFolder(dir: string, cutoffMs: number): Promise<number> {
  let removed = 0;
  const walk = async (folder: string): Promise<boolean> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isGone(error)) return false;
      throw error;
    }
    let isEmpty = true;
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      try {
        // Read before the walk: deleting files inside a folder makes it look new.
        const { mtimeMs } = await lstat(full);
        if (entry.isDirectory()) {
          const before = removed;
          if ((await walk(full)) && (removed > before || mtimeMs < cutoffMs)) await rmdir(full);
          else isEmpty = false;
        } else if (mtimeMs < cutoffMs) {
          await rm(full, { force: true });
          removed += 1;
        } else isEmpty = false;
      } catch (error) {
        // Changed under us (an upload, a delete): leave it for the next sweep.
        if (!isGone(error)) isEmpty = false;
      }
    }
    return isEmpty;
  };
  await walk(dir);
  return removed;
}

/** Sweeps every ready bucket that has a retention, each under its own lock (a delete waits, and vice versa). */
export async function sweepBuckets(rt: Runtime): Promise<{ bucketId: string; removedFiles: number }[]> {
  const swept: { bucketId: string; removedFiles: number }[] = [];
  for (const { externalId } of recordsOf(rt, "storage.bucket")) {
    await rt.store.withLock(externalId, async () => {
      // Read under the lock: a bucket deleted meanwhile is gone, and its folder is never touched.
      const record = rt.store.state.resources[externalId];
      if (rt.isClosed || record?.type !== "storage.bucket" || record.status !== "ready") return;
      const parsed = retentionSchema.safeParse(record.spec);
      const days = parsed.success ? parsed.data.retentionDays : 0;
      if (days === 0) return;
      const removedFiles = await sweepFolder(bucketDir(rt, record), rt.now().getTime() - days * DAY_MS);
      swept.push({ bucketId: externalId, removedFiles });
    });
  }
  return swept;
}

/** Sweeps now and then every hour while the runtime is open; a failed sweep is logged and tried again later. */
export function startBucketSweeper(rt: Runtime): void {
  const sweep = () =>
    void sweepBuckets(rt).then(
      (swept) => {
        const removed = swept.reduce((sum, s) => sum + s.removedFiles, 0);
        if (removed > 0) console.info(`[stratus] local buckets: removed ${removed} object(s) past their retention`);
      },
      (error: unknown) => console.error(`[stratus] could not sweep local buckets: ${error instanceof Error ? error.message : String(error)}`),
    );
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  rt.background.set(SWEEPER_KEY, {
    stop: () => {
      clearInterval(timer);
      return Promise.resolve();
    },
  });
}
