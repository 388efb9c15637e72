"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/components/trpc-provider";

const THROTTLE_MS = 1_000;

/**
 * Keeps the dashboard current without polling: `metrics.live` (SSE) ticks when the sampler wrote samples
 * or a run changed, in any process; the affected queries are refetched at most once a second.
 */
export function useLiveDashboard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useRef({ metrics: false, runs: false });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastAt = useRef(0);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const flush = () => {
    timer.current = null;
    lastAt.current = Date.now();
    const { metrics, runs } = pending.current;
    pending.current = { metrics: false, runs: false };
    const keys = [
      ...(runs ? [trpc.metrics.kpis.pathKey(), trpc.metrics.recent.pathKey(), trpc.runs.waitingForMe.pathKey()] : []),
      ...(metrics ? [trpc.metrics.runsOverTime.pathKey(), trpc.metrics.stepDurations.pathKey(), trpc.metrics.resourceSeries.pathKey(), trpc.metrics.resources.pathKey(), trpc.metrics.kpis.pathKey()] : []),
    ];
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };

  return useSubscription(
    trpc.metrics.live.subscriptionOptions(undefined, {
      onData: (tick) => {
        pending.current = { metrics: pending.current.metrics || tick.metrics, runs: pending.current.runs || tick.runs };
        if (timer.current) return;
        timer.current = setTimeout(flush, Math.max(0, THROTTLE_MS - (Date.now() - lastAt.current)));
      },
    }),
  );
}
