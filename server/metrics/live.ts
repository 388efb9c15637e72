import "server-only";
import { busStream } from "../events/bus";

export type LiveTick = { metrics: boolean; runs: boolean };

/**
 * Tells a dashboard when to read again: a tick whenever new samples were written or a run changed (from
 * any process, through the event bus), everything that arrived meanwhile folded into one. After the bus
 * reconnects (events may have been missed) both flags are set. The first tick (nothing to read) goes out at
 * once: it tells the client the stream is open.
 */
export async function* watchMetrics(signal: AbortSignal | undefined): AsyncGenerator<LiveTick> {
  let pending: LiveTick | null = { metrics: false, runs: false }; // the first tick
  yield* busStream(
    signal,
    (e) => {
      if (e.type === "log") return false;
      const next: LiveTick = pending ?? { metrics: false, runs: false };
      if (e.type === "metric" || e.type === "reconnected") next.metrics = true;
      if (e.type === "run" || e.type === "reconnected") next.runs = true;
      pending = next;
      return true;
    },
    () => {
      const tick = pending;
      pending = null;
      return tick;
    },
  );
}
