"use client";
import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { errorMessage } from "@/components/admin/use-error-message";
import { formatDuration } from "@/components/runs/format";
import { useTRPC } from "@/components/trpc-provider";
import { ErrorState, LoadingState } from "@/components/ui/states";
import type { TimeRange } from "@/lib/metrics/ranges";
import { ChartEmpty, Panel } from "./panel";

const formatMs = (v: unknown) => (typeof v === "number" ? formatDuration(v) : String(v));

/** p50 and p95 of step attempts by step type (from duration histograms: exact to within a bucket). */
export function StepDurationsChart({ range }: { range: TimeRange }) {
  const trpc = useTRPC();
  const data = useQuery(trpc.metrics.stepDurations.queryOptions({ range }));
  return (
    <Panel id="step-durations" title="Step duration by type" description="p50 and p95 of attempts that ended in this range.">
      {data.isPending ? (
        <LoadingState label="Loading step durations…" />
      ) : data.isError ? (
        <ErrorState message={errorMessage(data.error)} onRetry={() => void data.refetch()} />
      ) : data.data.length === 0 ? (
        <ChartEmpty>No step ended in this range.</ChartEmpty>
      ) : (
        <div data-testid="chart-step-durations" data-points={data.data.length}>
          <ResponsiveContainer width="100%" height={250}>
            <BarChart data={data.data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="type" fontSize={11} stroke="#64748b" interval={0} angle={-30} textAnchor="end" height={56} />
              <YAxis tickFormatter={formatMs} fontSize={11} stroke="#64748b" width={56} />
              <Tooltip formatter={formatMs} />
              <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="p50Ms" name="p50" fill="#60a5fa" isAnimationActive={false} />
              <Bar dataKey="p95Ms" name="p95" fill="#1d4ed8" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Panel>
  );
}
