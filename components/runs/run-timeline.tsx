"use client";
import { cn } from "@/lib/cn";
import { formatDuration } from "./format";
import type { StepRow } from "./step-rows";
import type { RunDetailData, StepAttempt } from "./types";

const BAR: Record<StepAttempt["status"], string> = {
  pending: "bg-slate-300",
  running: "bg-blue-500 animate-pulse",
  waiting: "bg-amber-400",
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  skipped: "bg-slate-300",
  cancelled: "bg-slate-400",
  compensating: "bg-violet-400 animate-pulse",
  compensated: "bg-violet-500",
};

type Bar = { step: StepRow; attempt: StepAttempt; start: number; end: number };

/** Every attempt that started, with its span (still growing while it runs). */
function bars(rows: StepRow[], now: number): Bar[] {
  return rows.flatMap((step) =>
    step.attempts.flatMap((attempt) => {
      const start = attempt.startedAt?.getTime();
      if (start === undefined) return [];
      return [{ step, attempt, start, end: attempt.finishedAt?.getTime() ?? now }];
    }),
  );
}

/**
 * The run's attempts on a time axis (a Gantt chart): one row per step that ran, one bar per attempt, so
 * retries show side by side; bars of running attempts grow live. Steps are ordered by when they started.
 */
export function RunTimeline({ run, rows, now, onSelect }: { run: RunDetailData; rows: StepRow[]; now: number | null; onSelect: (stepId: string) => void }) {
  const at = now ?? run.finishedAt?.getTime() ?? run.startedAt?.getTime() ?? 0;
  const all = bars(rows, at);
  if (all.length === 0) return <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">No step has started yet.</p>;
  const t0 = Math.min(run.startedAt?.getTime() ?? Infinity, ...all.map((b) => b.start));
  const t1 = Math.max(run.finishedAt?.getTime() ?? 0, ...all.map((b) => b.end), t0 + 1);
  const span = t1 - t0;
  const pct = (t: number) => ((t - t0) / span) * 100;
  const byStep = new Map<string, Bar[]>();
  for (const b of all.sort((x, y) => x.start - y.start)) byStep.set(b.step.node.id, [...(byStep.get(b.step.node.id) ?? []), b]);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="rounded-lg border border-slate-200 bg-white" data-testid="run-timeline">
      <div className="grid grid-cols-[12rem_1fr] border-b border-slate-200 text-[11px] text-slate-500">
        <div className="px-3 py-1.5">Step</div>
        <div className="relative h-7">
          {ticks.map((f) => (
            <span key={f} className={cn("absolute top-1.5", f === 1 ? "right-1" : "")} style={f === 1 ? undefined : { left: `${f * 100}%` }}>
              {f === 0 ? "0 s" : `+${formatDuration(span * f)}`}
            </span>
          ))}
        </div>
      </div>
      <div className="max-h-[420px] overflow-y-auto">
        {[...byStep.entries()].map(([stepId, list]) => (
          <div key={stepId} className="grid grid-cols-[12rem_1fr] border-b border-slate-100 last:border-0">
            <button type="button" onClick={() => onSelect(stepId)} className="truncate px-3 py-1 text-left text-xs text-slate-700 hover:text-brand-700 hover:underline">
              {list[0]!.step.node.name}
            </button>
            <div className="relative h-6">
              {list.map((b) => (
                <div
                  key={b.attempt.attempt}
                  data-testid="gantt-bar"
                  data-step={stepId}
                  data-attempt={b.attempt.attempt}
                  data-status={b.attempt.status}
                  title={`${b.step.node.name} · attempt ${b.attempt.attempt} · ${b.attempt.status} · ${formatDuration(b.end - b.start)}`}
                  className={cn("absolute top-1.5 h-3 min-w-[3px] rounded-sm", BAR[b.attempt.status])}
                  style={{ left: `${pct(b.start)}%`, width: `${Math.max(0.4, pct(b.end) - pct(b.start))}%` }}
                />
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
