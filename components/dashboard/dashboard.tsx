"use client";
import { useState } from "react";
import { TIME_RANGES, type TimeRange } from "@/lib/metrics/ranges";
import { cn } from "@/lib/cn";
import { ActivityLists } from "./activity-lists";
import { startOfToday } from "./format";
import { KpiCards } from "./kpi-cards";
import { ResourceCharts } from "./resource-charts";
import { RunsChart } from "./runs-chart";
import { StepDurationsChart } from "./step-durations-chart";
import { useLiveDashboard } from "./use-live-dashboard";
import { WaitingApprovals } from "./waiting-approvals";

function RangePicker({ value, onChange }: { value: TimeRange; onChange: (range: TimeRange) => void }) {
  return (
    <div role="group" aria-label="Time range" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
      {(Object.keys(TIME_RANGES) as TimeRange[]).map((range) => (
        <button
          key={range}
          type="button"
          aria-pressed={value === range}
          onClick={() => onChange(range)}
          className={cn(
            "rounded px-3 py-1 text-sm font-medium focus-visible:ring-2 focus-visible:ring-brand-500/40 focus-visible:outline-none",
            value === range ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          {TIME_RANGES[range].label}
        </button>
      ))}
    </div>
  );
}

/**
 * The monitoring dashboard: what waits for the user's decision (for those who may decide any), headline
 * numbers, charts and recent activity, kept live by `metrics.live`.
 */
export function Dashboard({ canApprove }: { canApprove: boolean }) {
  const [range, setRange] = useState<TimeRange>("1h");
  const [todayStart] = useState(startOfToday);
  const live = useLiveDashboard();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RangePicker value={range} onChange={setRange} />
        <span className="text-xs text-slate-500" role="status">
          {live.status === "pending" ? "Live" : live.status === "error" ? "Live updates interrupted; reconnecting…" : "Connecting…"}
        </span>
      </div>
      {canApprove ? <WaitingApprovals /> : null}
      <KpiCards range={range} todayStart={todayStart} />
      <div className="grid gap-4 lg:grid-cols-2">
        <RunsChart range={range} />
        <StepDurationsChart range={range} />
      </div>
      <ResourceCharts range={range} />
      <ActivityLists range={range} />
    </div>
  );
}
