import type { TimeRange } from "@/lib/metrics/ranges";

export function formatPercent(share: number | null): string {
  return share === null ? "—" : `${(share * 100).toFixed(share === 1 || share === 0 ? 0 : 1)} %`;
}

export function formatMoney(amount: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: amount >= 1000 ? 0 : 2 }).format(amount);
}

/** Axis labels: times of day for short ranges, day and hour for a week. */
export function tickFormatter(range: TimeRange): (t: number) => string {
  return range === "7d"
    ? (t) => new Date(t).toLocaleString(undefined, { weekday: "short", hour: "2-digit" })
    : (t) => new Date(t).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export const formatTooltipTime = (t: unknown) => (typeof t === "number" ? new Date(t).toLocaleString() : String(t));

/** The viewer's local midnight: "runs today" is their today. */
export function startOfToday(now = new Date()): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}
