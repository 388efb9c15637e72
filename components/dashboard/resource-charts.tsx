"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { ErrorState, LoadingState } from "@/components/ui/states";
import type { TimeRange } from "@/lib/metrics/ranges";
import { formatTooltipTime, tickFormatter } from "./format";
import { ChartEmpty, Panel } from "./panel";
import { MAX_PICKED, ResourcePicker, type PickableResource } from "./resource-picker";

const COLORS = ["#2563eb", "#f59e0b", "#10b981", "#ef4444"];
type Row = { t: number } & Record<string, number>;

/**
 * One metric of the picked resources. `unitOf` gives a series' unit when they differ (memory: % on simulated
 * clouds, MB measured on local): each line then names its unit, in the legend and the tooltip.
 */
function MetricChart({
  id,
  title,
  unit,
  unitOf,
  rows,
  picked,
  names,
  range,
}: {
  id: string;
  title: string;
  unit: string;
  unitOf?: (resourceId: string) => string;
  rows: Row[];
  picked: string[];
  names: Record<string, string>;
  range: TimeRange;
}) {
  const seriesUnit = (rid: string) => unitOf?.(rid) ?? unit;
  return (
    <div data-testid={`chart-${id}`} data-points={rows.length}>
      <h3 className="mb-1 text-xs font-semibold text-slate-700">{title}</h3>
      {rows.length === 0 ? (
        <ChartEmpty height={180}>No samples yet in this range.</ChartEmpty>
      ) : (
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -12 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tickFormatter(range)} fontSize={11} stroke="#64748b" />
            <YAxis fontSize={11} stroke="#64748b" unit={unit === "%" ? "%" : undefined} />
            <Tooltip labelFormatter={formatTooltipTime} formatter={(v, _name, item) => `${String(v)} ${seriesUnit(String(item.dataKey))}`} />
            <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
            {picked.map((rid, i) => (
              <Line key={rid} dataKey={rid} name={unitOf ? `${names[rid] ?? rid} (${seriesUnit(rid)})` : (names[rid] ?? rid)} stroke={COLORS[i % COLORS.length]} dot={rows.length < 40} strokeWidth={2} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}

/** Live CPU, memory and latency of the resources picked (groups first by default). */
export function ResourceCharts({ range }: { range: TimeRange }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.metrics.resources.queryOptions());
  const [choice, setChoice] = useState<string[] | null>(null);
  const available = list.data ?? [];
  // Until someone picks, chart the first few (a resource that went away drops out by itself).
  const picked = (choice ?? available.slice(0, 2).map((r) => r.id)).filter((id) => available.some((r) => r.id === id)).slice(0, MAX_PICKED);
  const series = useQuery({ ...trpc.metrics.resourceSeries.queryOptions({ range, resourceIds: picked }), enabled: picked.length > 0, placeholderData: keepPreviousData });
  const names = Object.fromEntries(available.map((r: PickableResource) => [r.id, r.name]));
  const memoryUnits = [...new Set(picked.map((id) => series.data?.memoryUnits[id] ?? "MB"))];
  const isMemoryMixed = memoryUnits.length > 1;

  return (
    <Panel id="resource-charts" title="Resources" description="CPU, memory and latency, measured on local and modelled on simulated clouds.">
      {list.isPending ? (
        <LoadingState label="Loading resources…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : available.length === 0 ? (
        <ChartEmpty height={120}>No instances, groups or load balancers are running. Start a workflow that creates some to see them here.</ChartEmpty>
      ) : (
        <>
          <ResourcePicker resources={available} picked={picked} onChange={setChoice} />
          <div className="mt-4">
            {picked.length === 0 ? (
              <ChartEmpty height={120}>Pick up to {MAX_PICKED} resources above.</ChartEmpty>
            ) : series.isError ? (
              <ErrorState message={errorMessage(series.error)} onRetry={() => void series.refetch()} />
            ) : !series.data ? (
              <LoadingState label="Loading samples…" />
            ) : (
              <div className="grid gap-4 lg:grid-cols-3">
                <MetricChart id="cpu" title="CPU (%)" unit="%" rows={series.data.cpu} picked={picked} names={names} range={range} />
                <MetricChart
                  id="memory"
                  title={`Memory (${memoryUnits.join(", ")})`}
                  unit={memoryUnits[0] ?? "MB"}
                  unitOf={isMemoryMixed ? (rid) => series.data?.memoryUnits[rid] ?? "MB" : undefined}
                  rows={series.data.memory} picked={picked} names={names} range={range} />
                <MetricChart id="latency" title="Latency (ms)" unit="ms" rows={series.data.latency} picked={picked} names={names} range={range} />
              </div>
            )}
          </div>
        </>
      )}
    </Panel>
  );
}
