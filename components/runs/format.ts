/** "850 ms", "42 s", "3 min 5 s", "2 h 10 min": short enough for a table cell. */
export function formatDuration(ms: number): string {
  if (ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** From start to finish, or to now while it is still going; null before it started. */
export function durationBetween(startedAt: Date | null, finishedAt: Date | null, now: number = Date.now()): number | null {
  if (!startedAt) return null;
  return (finishedAt?.getTime() ?? now) - startedAt.getTime();
}

/** A run input's value as it reads in a sentence or a table. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

const TRIGGERS: Record<string, string> = { manual: "Manual", rerun: "Rerun", api: "API" };

/** "manual" → "Manual"; a child run's `parent:<run>:<step>:<attempt>` → "Step <step> of run <run…>"; others as stored. */
export function triggerLabel(trigger: string): string {
  const parent = parentOfTrigger(trigger);
  if (parent) return `Step ${parent.stepId} of run ${parent.runId.slice(0, 8)}`;
  return TRIGGERS[trigger] ?? trigger;
}

/** The parent step of a sub-workflow's child run, from its trigger. */
export function parentOfTrigger(trigger: string): { runId: string; stepId: string } | null {
  const m = /^parent:([0-9a-f-]{36}):([A-Za-z_][A-Za-z0-9_]*):\d+$/.exec(trigger);
  return m ? { runId: m[1]!, stepId: m[2]! } : null;
}
