/** Quick time ranges of the audit page: from this long ago until now. */
export const AUDIT_TIME_PRESETS = [
  { id: "1h", label: "Last hour", ms: 3_600_000 },
  { id: "24h", label: "Last 24 hours", ms: 86_400_000 },
  { id: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { id: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
] as const;

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO instant as a `datetime-local` value in the browser's time zone ("2026-12-04T09:30"); "" if invalid. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A `datetime-local` value (local time, to the minute) as an ISO instant. The end of a range takes the whole
 * minute, so "to 10:30" includes what happened at 10:30:45.
 */
export function fromLocalInput(local: string, edge: "start" | "end"): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setSeconds(edge === "end" ? 59 : 0, edge === "end" ? 999 : 0);
  return d.toISOString();
}

/** The start of a preset range, rounded down to the minute (what the date field can show). */
export function presetStart(ms: number, now: number): string {
  const d = new Date(now - ms);
  d.setSeconds(0, 0);
  return d.toISOString();
}
