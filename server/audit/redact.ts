/** Keys whose values never reach the audit log, logs or errors. */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential|authorization|cookie/i;
const MAX_DEPTH = 6;
const MAX_STRING = 2000;

/** A lone UTF-16 surrogate (half of a pair): JSON can carry one, PostgreSQL's text and jsonb cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` as PostgreSQL can store it: NUL and lone surrogates become U+FFFD, so a hostile input is still recorded. */
export function storableText(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD").replace(LONE_SURROGATE, "\uFFFD");
}

/** A copy of `value` with secret fields replaced by "[redacted]", long strings cut, and every string storable. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "string") return storableText(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value);
  if (typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[storableText(key)] = SECRET_KEY.test(key) ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}
