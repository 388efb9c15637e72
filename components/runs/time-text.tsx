import { relativeTime } from "@/components/workflows/relative-time";
import { durationBetween, formatDuration } from "./format";

/** "5 minutes ago", with the exact time on hover; blank until `now` is known (see useNow). */
export function Ago({ date, now }: { date: Date | null; now: number | null }) {
  if (!date) return <span className="text-slate-400">—</span>;
  return (
    <time dateTime={date.toISOString()} title={now === null ? undefined : date.toLocaleString()}>
      {now === null ? "\u00a0" : relativeTime(date, now)}
    </time>
  );
}

/** How long something took, or has been taking; "—" before it started. */
export function Duration({ startedAt, finishedAt, now }: { startedAt: Date | null; finishedAt: Date | null; now: number | null }) {
  if (finishedAt === null && now === null) return <span>{"\u00a0"}</span>;
  const ms = durationBetween(startedAt, finishedAt, now ?? Date.now());
  return <span className="tabular-nums">{ms === null ? "—" : formatDuration(ms)}</span>;
}
