import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Db } from "@/db/client";
import { listen } from "../queue/listen";

/**
 * The event bus (ARCHITECTURE.md "Live updates"): Postgres NOTIFY on one channel, so an event published in
 * one process reaches the subscribers of every process — on PGlite too (one process, same mechanism).
 * A NOTIFY sent inside a transaction is delivered only when it commits, and never if it rolls back.
 *
 * Events are small pointers, not the data: a subscriber that needs the data reads it from the tables (the
 * run's history is numbered by `run_events.seq`, which is what lets a stream resume without gap or
 * duplicate). Postgres limits a payload to 8,000 bytes; `publish` keeps under it.
 *
 * @example const stop = subscribe((e) => { if (e.type === "run" && e.runId === id) wake(); });
 */
export const EVENTS_CHANNEL = "stratus_events";

export type BusEvent =
  /** A run's state changed: its history now ends at `seq` (written by the engine's `stratus_persist`). */
  | { type: "run"; runId: string; seq: number; status: string }
  /** Log lines of a running step attempt, as they are written (stored with the attempt's result). */
  | { type: "log"; runId: string; stepId: string; attempt: number; lines: string[] }
  /** New metric samples were recorded (see server/metrics). */
  | { type: "metric"; names: string[]; at: string }
  /** Sent after the bus (re)connects: notifications may have been missed, subscribers should re-read. */
  | { type: "reconnected" };

type Handler = (event: BusEvent) => void;
type BusState = { handlers: Set<Handler>; started: Promise<{ close: () => Promise<void> }> | null; database: Database | null };
const holder = globalThis as { __stratusBus?: BusState };
const bus = (holder.__stratusBus ??= { handlers: new Set(), started: null, database: null });

const MAX_PAYLOAD = 7_900;

/** The payload of `event`, within Postgres's limit (long log batches are cut, oldest lines first). */
export function encodeEvent(event: BusEvent): string {
  let text = JSON.stringify(event);
  if (text.length <= MAX_PAYLOAD || event.type !== "log") return text;
  const lines = [...event.lines];
  while (lines.length > 1 && text.length > MAX_PAYLOAD) {
    lines.shift();
    text = JSON.stringify({ ...event, lines });
  }
  return text.length <= MAX_PAYLOAD ? text : JSON.stringify({ ...event, lines: [lines[0]!.slice(0, 4_000)] });
}

/** Sends an event; inside a transaction (`db` = its handle) it goes out when that commits. */
export async function publish(db: Db, event: BusEvent): Promise<void> {
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${encodeEvent(event)})`);
}

/** Sends several events with one statement. */
export async function publishMany(db: Db, events: BusEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payloads = events.map(encodeEvent);
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, p) from jsonb_array_elements_text(${JSON.stringify(payloads)}::jsonb) as p`);
}

function dispatch(payload: string) {
  let event: BusEvent;
  try {
    event = payload === "" ? { type: "reconnected" } : (JSON.parse(payload) as BusEvent);
  } catch {
    return;
  }
  for (const handler of bus.handlers) {
    try {
      handler(event);
    } catch (error) {
      console.error("[events] a subscriber failed:", error instanceof Error ? error.message : error);
    }
  }
}

/**
 * Starts listening on `database` (once per process; again after `stopBus`). PGlite delivers its own
 * NOTIFYs to `listen` callbacks; on a PostgreSQL server a dedicated connection LISTENs, with reconnect.
 */
export function startBus(database: Database): Promise<void> {
  if (bus.started && bus.database === database) return bus.started.then(() => undefined);
  bus.database = database;
  bus.started =
    database.kind === "pglite"
      ? database.pglite.listen(EVENTS_CHANNEL, dispatch).then((unlisten) => ({ close: () => unlisten() }))
      : listen(database.url, EVENTS_CHANNEL, dispatch);
  return bus.started.then(() => undefined);
}

export async function stopBus(): Promise<void> {
  const started = bus.started;
  bus.started = null;
  bus.database = null;
  if (started) await (await started).close();
}

/** Calls `handler` for every event of every process until the returned function is called. */
export function subscribe(handler: Handler): () => void {
  bus.handlers.add(handler);
  return () => void bus.handlers.delete(handler);
}

/**
 * A stream for a subscriber that folds events into what it will send (`collect` returns whether the event
 * mattered) and sends it whenever there is something (`take` returns it and starts over, or null). Ends
 * when `signal` aborts. `take` is asked first, so something gathered before the first event goes out at once.
 *
 * @example yield* busStream(signal, (e) => e.type === "run" && !!queue.push(e), () => (queue.length ? queue.splice(0) : null));
 */
export async function* busStream<T>(signal: AbortSignal | undefined, collect: (event: BusEvent) => boolean, take: () => T | null): AsyncGenerator<T> {
  let wake: (() => void) | null = null;
  const unsubscribe = subscribe((event) => {
    if (collect(event)) wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted) {
      const next = take();
      if (next !== null) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
  }
}
