import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { publish } from "../events/bus";
import type { ProviderDriver } from "../providers/types";
import { collectEngine } from "./collect-engine";
import { collectResources } from "./collect-resources";
import { rowsOf } from "./rows";
import { applyRetention, rollup, writeSamples, type Retention } from "./store";

export type SamplerOptions = {
  db: Db;
  /** The drivers of this process (the engine's). */
  providers: () => Record<string, ProviderDriver>;
  intervalMs: number;
  retention: Retention;
  /** Who holds the lease; unique per process by default. */
  holder?: string;
};

export type PassResult = { isLeader: false } | { isLeader: true; at: Date; names: string[]; failures: number };

const STATE_ID = "sampler";
/** Rows commit a little after their transaction's now(): the window ends this far back, so none is missed. */
const COMMIT_LAG_MS = 2_000;
const RETENTION_EVERY_MS = 10 * 60_000;
const defaultHolder = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

/**
 * One sampling pass. Only the process holding the lease samples (several worker processes share one
 * database); the lease lasts three intervals, so another process takes over when the holder dies. The
 * engine's window continues where the previous pass (of any process) ended. Statements: claim, two engine
 * reads, the resource list, one write transaction (samples, rollup, window, NOTIFY); retention every 10 min.
 */
export async function samplePass(options: SamplerOptions): Promise<PassResult> {
  const { db, intervalMs } = options;
  const holder = options.holder ?? defaultHolder;
  const leaseMs = Math.max(3 * intervalMs, 30_000);
  const [claim] = rowsOf<{ from: number; to: number; retentionAt: number | null }>(
    await db.execute(sql`
    insert into metric_sampler_state (id, holder, lease_until, window_end)
    values (${STATE_ID}, ${holder}, now() + ${`${leaseMs} milliseconds`}::interval, now() - ${`${intervalMs + COMMIT_LAG_MS} milliseconds`}::interval)
    on conflict (id) do update set holder = excluded.holder, lease_until = excluded.lease_until
      where metric_sampler_state.holder = excluded.holder or metric_sampler_state.lease_until < now()
    returning extract(epoch from window_end)::float8 * 1000 as "from", extract(epoch from now())::float8 * 1000 - ${COMMIT_LAG_MS} as "to",
      extract(epoch from retention_at)::float8 * 1000 as "retentionAt"`),
  );
  if (!claim) return { isLeader: false };
  const from = new Date(Number(claim.from));
  const to = new Date(Math.max(Number(claim.to), from.getTime()));

  const engineSamples = await collectEngine(db, { from, to });
  const { samples: resourceSamples, failures } = await collectResources(db, options.providers());
  const samples = [...engineSamples, ...resourceSamples];
  const names = [...new Set(samples.map((s) => s.name))].sort();
  await db.transaction(async (tx) => {
    await writeSamples(tx, samples, to);
    await rollup(tx, to);
    await tx.execute(sql`update metric_sampler_state set window_end = ${to.toISOString()}::timestamptz where id = ${STATE_ID} and holder = ${holder}`);
    await publish(tx, { type: "metric", names, at: to.toISOString() });
  });
  if (failures.length > 0) logFailures(failures);

  const retentionAt = claim.retentionAt === null ? 0 : Number(claim.retentionAt);
  if (to.getTime() - retentionAt >= RETENTION_EVERY_MS) {
    await applyRetention(db, options.retention, to);
    await db.execute(sql`update metric_sampler_state set retention_at = ${to.toISOString()}::timestamptz where id = ${STATE_ID}`);
  }
  return { isLeader: true, at: to, names, failures: failures.length };
}

let lastFailureLog = 0;
function logFailures(failures: { resourceId: string; message: string }[]) {
  // A resource that cannot be measured would otherwise log every pass: at most once per 5 minutes.
  if (Date.now() - lastFailureLog < 5 * 60_000) return;
  lastFailureLog = Date.now();
  const first = failures[0]!;
  console.warn(`[metrics] ${failures.length} resource(s) could not be measured; e.g. ${first.resourceId}: ${first.message}`);
}

type Running = { timer: NodeJS.Timeout | null; pass: Promise<unknown> | null; isStopped: boolean };
const holder = globalThis as { __stratusSampler?: Running };

/** Samples every `intervalMs` until `stopSampler`; a failing pass is logged and the next one runs as usual. */
export function startSampler(options: SamplerOptions): void {
  if (holder.__stratusSampler) return;
  const state: Running = { timer: null, pass: null, isStopped: false };
  holder.__stratusSampler = state;
  const schedule = () => {
    state.timer = setTimeout(() => {
      state.pass = samplePass(options)
        .catch((error: unknown) => console.error("[metrics] sampling failed:", error instanceof Error ? error.message : error))
        .finally(() => {
          state.pass = null;
          if (!state.isStopped) schedule();
        });
    }, options.intervalMs);
    state.timer.unref(); // never what keeps a process alive
  };
  schedule();
}

export async function stopSampler(): Promise<void> {
  const state = holder.__stratusSampler;
  holder.__stratusSampler = undefined;
  if (!state) return;
  state.isStopped = true;
  if (state.timer) clearTimeout(state.timer);
  await state.pass;
}
