"use client";
import { useQuery } from "@tanstack/react-query";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { ErrorState, LoadingState } from "@/components/ui/states";
import type { TimeRange } from "@/lib/metrics/ranges";
import { formatTooltipTime, tickFormatter } from "./format";
import { ChartEmpty, Panel } from "./panel";

const STATUSES = [
  { key: "succeeded", name: "Succeeded", color: "#10b981" },
  { key: "failed", name: "Failed", color: "#ef4444" },
  { key: "cancelled", name: "Cancelled", color: "#94a3b8" },
  { key: "rolled_back", name: "Rolled back", color: "#8b5cf6" },
] as const;

/** Runs that ended per bucket, stacked by status, with the runs that started as a line. */
export function RunsChart({ range }: { range: TimeRange }) {
  const trpc = useTRPC();
  const data = useQuery(trpc.metrics.runsOverTime.queryOptions({ range }));
  const isEmpty = data.data?.every((b) => b.started + b.succeeded + b.failed + b.cancelled + b.rolled_back === 0);
  return (
    <Panel id="runs-chart" title="Runs over time" description="Ended, by status; the line shows runs started.">
      {data.isPending ? (
        <LoadingState label="Loading runs…" />
      ) : data.isError ? (
        <ErrorState message={errorMessage(data.error)} onRetry={() => void data.refetch()} />
      ) : isEmpty ? (
        <ChartEmpty>No runs started or ended in this range.</ChartEmpty>
      ) : (
        <div data-testid="chart-runs" data-points={data.data.length}>
          <ResponsiveContainer width="100%" height={220}>
            <ComposedChart data={data.data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tickFormatter(range)} fontSize={11} stroke="#64748b" />
              <YAxis allowDecimals={false} fontSize={11} stroke="#64748b" />
              <Tooltip labelFormatter={formatTooltipTime} />
              <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
              {STATUSES.map((s) => (
                <Bar key={s.key} dataKey={s.key} name={s.name} stackId="ended" fill={s.color} isAnimationActive={false} />
              ))}
              <Line dataKey="started" name="Started" stroke="#2563eb" dot={false} strokeWidth={2} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
    </Panel>
  );
}
