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
  /** Sets aside up to `n` free slots for jobs claimed elsewhere (in a committing transaction); returns how many. */
  reserve: (n: number) => number;
  /** Runs jobs claimed with reserved slots, and gives back the slots they did not use. */
  adopt: (jobs: HeldJob<T>[], reserved: number) => void;
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
  let wakeUp: (() => void) | null = null;

  const wake = () => {
    isWoken = true;
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
        // A freed slot matters only to a loop that stopped fetching because every slot was taken.
        const wasFull = held.size + reserved >= options.concurrency;
        held.delete(job.id);
        if (wasFull) wake();
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
      if (jobs.length < free) await sleep(idleMs);
    }
  })();

  return {
    wake,
    reserve(n) {
      const granted = isStopping ? 0 : Math.max(0, Math.min(n, options.concurrency - held.size - reserved));
      reserved += granted;
      return granted;
    },
    adopt(jobs, count) {
      reserved -= count;
      for (const job of jobs) run(job);
      if (jobs.length < count) wake(); // slots came back: the loop may fetch again
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
