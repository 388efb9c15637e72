"use client";
import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "@/components/admin/use-error-message";
import { formatDuration } from "@/components/runs/format";
import { providerName } from "@/components/resources/provider-name";
import { useTRPC } from "@/components/trpc-provider";
import { ErrorState } from "@/components/ui/states";
import { TIME_RANGES, type TimeRange } from "@/lib/metrics/ranges";
import { formatMoney, formatPercent } from "./format";

function Kpi({ label, value, raw, hint }: { label: string; value: string; raw: number | null; hint?: string }) {
  return (
    <div role="group" aria-label={label} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</div>
      <div className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums" data-value={raw ?? ""}>
        {value}
      </div>
      {hint ? <div className="mt-1 truncate text-xs text-slate-500" title={hint}>{hint}</div> : null}
    </div>
  );
}

/** The headline numbers, exact from the tables (server/metrics/kpis.ts). */
export function KpiCards({ range, todayStart }: { range: TimeRange; todayStart: Date }) {
  const trpc = useTRPC();
  const kpis = useQuery(trpc.metrics.kpis.queryOptions({ range, todayStart }));
  if (kpis.isError) return <ErrorState message={errorMessage(kpis.error)} onRetry={() => void kpis.refetch()} />;
  const d = kpis.data;
  const label = TIME_RANGES[range].label;
  const byProvider = d?.resourcesByProvider.map((p) => `${providerName(p.provider)} ${p.count}`).join(" · ");
  return (
    <section aria-label="Key figures" aria-busy={kpis.isPending} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
      <Kpi label="Runs today" value={d ? String(d.runsToday) : "…"} raw={d?.runsToday ?? null} />
      <Kpi label="Success rate" value={d ? formatPercent(d.successRate) : "…"} raw={d?.successRate ?? null} hint={d ? `${d.finishedRuns} runs ended in the last ${label}` : undefined} />
      <Kpi label="p95 run duration" value={d ? (d.p95RunMs === null ? "—" : formatDuration(d.p95RunMs)) : "…"} raw={d?.p95RunMs ?? null} hint={`runs ended in the last ${label}`} />
      <Kpi label="Active resources" value={d ? String(d.activeResources) : "…"} raw={d?.activeResources ?? null} hint={byProvider || (d ? "none" : undefined)} />
      <Kpi label="Est. monthly cost" value={d ? formatMoney(d.monthlyCost) : "…"} raw={d?.monthlyCost ?? null} hint="running resources, cost/hour × 730" />
    </section>
  );
}
