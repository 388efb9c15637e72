/** Keys whose values never reach the audit log, logs or errors. */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential|authorization|cookie/i;
const MAX_DEPTH = 6;
const MAX_STRING = 2000;

/** A copy of `value` with secret fields replaced by "[redacted]" and long strings cut. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  // PostgreSQL's jsonb cannot hold NUL; the refused input is still recorded.
  if (typeof value === "string") return (value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value).replaceAll("\u0000", "\uFFFD");
  if (typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key.replaceAll("\u0000", "\uFFFD")] = SECRET_KEY.test(key) ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}
