const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["minute", 60],
  ["hour", 60 * 60],
  ["day", 24 * 60 * 60],
];
const MONTH = 30 * 24 * 60 * 60;

/** "just now", "5 minutes ago", "yesterday"; past a month the locale date, which reads better than "7 months ago". */
export function relativeTime(date: Date, now: number = Date.now()): string {
  const seconds = (date.getTime() - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs >= MONTH) return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  let unit = UNITS[0]!;
  for (const candidate of UNITS) if (abs >= candidate[1]) unit = candidate;
  return format.format(Math.round(seconds / unit[1]), unit[0]);
}
