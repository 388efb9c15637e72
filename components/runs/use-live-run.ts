"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { isActiveRun, type RunDetailData } from "./types";

import type { RunDelta } from "@/server/services/run-stream";
/** Live log lines per attempt (`stepId:attempt`) that arrived while it ran; stored lines come with its result. */
export type LiveLogs = Record<string, string[]>;

/** Folds one streamed delta into the run: header fields, changed attempt rows, policy decisions, new history entries. */
export function mergeDelta(run: RunDetailData, delta: RunDelta): RunDetailData {
  const steps = new Map(run.steps.map((s) => [`${s.stepId}:${s.attempt}`, s]));
  for (const s of delta.steps) steps.set(`${s.stepId}:${s.attempt}`, s);
  const lastSeq = run.events.at(-1)?.seq ?? 0;
  // Decisions come again with every delta touching their step: keyed by id, so none is listed twice.
  const decisions = new Map(run.decisions.map((d) => [d.id, d]));
  for (const d of delta.decisions) decisions.set(d.id, d);
  return {
    ...run,
    ...delta.run,
    decisions: [...decisions.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.policyName < b.policyName ? -1 : 1)),
    steps: [...steps.values()].sort((a, b) => (a.stepId === b.stepId ? a.attempt - b.attempt : a.stepId < b.stepId ? -1 : 1)),
    events: [...run.events, ...delta.events.filter((e) => e.seq > lastSeq)],
  };
}

/**
 * The run, kept current by the `runs.watch` stream (SSE) instead of polling: each message is merged into
 * the cached `runs.get` result. A dropped connection resumes from the last message received (tRPC sends its
 * tracked id back), so nothing is missed or applied twice.
 */
export function useLiveRun(initialRun: RunDetailData) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = trpc.runs.get.queryKey({ id: initialRun.id });
  const query = useQuery({ ...trpc.runs.get.queryOptions({ id: initialRun.id }), initialData: initialRun });
  const run = query.data;
  // The stream runs while the run is active, from the last entry on screen when it (re)starts — a finished
  // run that is rolled back becomes active again (React's "adjust state on change" pattern, no effect).
  const isActive = isActiveRun(run.status);
  const [stream, setStream] = useState(() => ({ isActive, from: run.events.at(-1)?.seq ?? 0 }));
  if (stream.isActive !== isActive) setStream({ isActive, from: run.events.at(-1)?.seq ?? 0 });
  const [liveLogs, setLiveLogs] = useState<LiveLogs>({});
  const subscription = useSubscription(
    trpc.runs.watch.subscriptionOptions(
      { id: initialRun.id, afterSeq: stream.from },
      {
        enabled: isActive,
        onData: ({ data }) => {
          queryClient.setQueryData(queryKey, (old) => (old ? mergeDelta(old, data) : old));
          if (data.logs.length > 0) {
            setLiveLogs((prev) => {
              const next = { ...prev };
              for (const l of data.logs) next[`${l.stepId}:${l.attempt}`] = [...(next[`${l.stepId}:${l.attempt}`] ?? []), ...l.lines].slice(-500);
              return next;
            });
          }
        },
      },
    ),
  );
  return { run, query, liveLogs, isLive: subscription.status === "pending" && isActive, connection: subscription.status };
}
