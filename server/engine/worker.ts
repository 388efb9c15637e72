import "server-only";
import type { PgBoss } from "pg-boss";

/**
 * The step workers' fetch loop (STACK-NOTES "Step latency with pg-boss"). pg-boss's `work()` sleeps its
 * polling interval after every batch and hands each of its sub-workers one job at a time; this loop
 * instead fetches as many jobs as it has free slots, runs them side by side, fetches again at once while
 * jobs come back, and otherwise sleeps until woken — in-process after a commit (`wake`), by LISTEN/NOTIFY
 * from other processes, or by the 1-second backstop that also picks up delayed jobs (retries, waits).
 *
 * Handlers settle their job themselves, inside the transaction that commits the step's result, so a step
 * costs two commits (start, result). A handler that throws fails the job: pg-boss retries it. Jobs held
 * here get a heartbeat; a process that dies stops sending them and its jobs go to another worker.
 */
export type HeldJob<T> = { id: string; retryCount: number; data: T };

export type FetchLoop<T = unknown> = {
  wake: () => void;
  stop: () => Promise<void>;
  /**
   * Sets aside the free slots for jobs claimed in a committing transaction — up to `enqueued` (the jobs
   * it adds), or all of them while the queue may hold ready jobs; returns how many.
   */
  reserve: (enqueued: number) => number;
  /** Whether ready jobs may be waiting in the queue (then a commit claims the oldest, not only its own). */
  hasBacklog: () => boolean;
  /**
   * Runs jobs claimed with reserved slots and gives back the rest. Fetched (`isFetched`, the default):
   * fewer than reserved means the queue is drained; jobs written already claimed say nothing about it.
   */
  adopt: (jobs: HeldJob<T>[], reserved: number, isFetched?: boolean) => void;
  /** A handler about to commit its result frees its slot, so that very commit can claim the next job into it. */
  release: (id: string) => void;
};

export function startFetchLoop<T>(
  boss: PgBoss,
  queue: string,
  options: { concurrency: number; idleMs?: number; heartbeatMs?: number },
  handle: (job: HeldJob<T>) => Promise<void>,
): FetchLoop<T> {
  const idleMs = options.idleMs ?? 1_000;
  const held = new Map<string, HeldJob<T>>();
  const running = new Set<Promise<void>>();
  let isWoken = false;
  let isStopping = false;
  let reserved = 0;
  /** Ready jobs may be waiting (a fetch filled every slot, or work was enqueued and not claimed). */
  let hasBacklog = false;
  let wakeUp: (() => void) | null = null;

  const wake = () => {
    isWoken = true;
    hasBacklog = true;
    wakeUp?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (isWoken) return resolve();
      const done = () => {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeUp = done;
    });

  const heartbeat = setInterval(() => {
    if (held.size === 0) return;
    boss.touch(queue, [...held.values()].map((j) => ({ id: j.id, retryCount: j.retryCount }))).catch((error: unknown) => console.error("[engine] heartbeat failed:", error instanceof Error ? error.message : error));
  }, options.heartbeatMs ?? 5_000);
  heartbeat.unref();

  function run(job: HeldJob<T>) {
    held.set(job.id, job);
    const p: Promise<void> = (async () => {
      try {
        // PGlite never yields to the event loop on its own: let timers and requests in between steps.
        await new Promise(setImmediate);
        await handle(job);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[engine] step job ${job.id} failed, will be retried: ${message}`);
        await boss.fail(queue, { id: job.id, retryCount: job.retryCount }, { message }).catch(() => undefined);
      } finally {
        // A job that did not hand its slot to its result's commit (stale, parked, failed) frees it here;
        // that matters to a loop that stopped fetching because every slot was taken.
        if (held.delete(job.id) && hasBacklog) wake();
      }
    })();
    running.add(p);
    void p.finally(() => running.delete(p));
  }

  const loop = (async () => {
    while (!isStopping) {
      isWoken = false;
      const free = options.concurrency - held.size - reserved;
      if (free <= 0) {
        await sleep(idleMs);
        continue;
      }
      let jobs: HeldJob<T>[] = [];
      try {
        jobs = await boss.fetch<T>(queue, { batchSize: free });
      } catch (error) {
        if (!isStopping) console.error("[engine] fetching step jobs failed:", error instanceof Error ? error.message : error);
      }
      for (const job of jobs) run(job);
      // Fewer than asked for: the queue is drained until the next enqueue, which wakes this loop.
      hasBacklog = jobs.length >= free;
      if (!hasBacklog) await sleep(idleMs);
    }
  })();

  return {
    wake,
    hasBacklog: () => hasBacklog,
    reserve(enqueued) {
      const free = Math.max(0, options.concurrency - held.size - reserved);
      const granted = isStopping ? 0 : hasBacklog ? free : Math.min(enqueued, free);
      reserved += granted;
      return granted;
    },
    adopt(jobs, count, isFetched = true) {
      reserved -= count;
      for (const job of jobs) run(job);
      if (count > 0 && isFetched) hasBacklog = jobs.length >= count;
    },
    release(id) {
      held.delete(id);
    },
    async stop() {
      isStopping = true;
      clearInterval(heartbeat);
      wake();
      await loop;
      await Promise.allSettled([...running]);
    },
  };
}
