import type { z } from "zod";
import { findTemplates } from "./expressions";
import { fieldTypes } from "./field-types";
import { describeType, describeTypes, fit, typeOfValue } from "./types";

export type ConformResult = { ok: true; value: Record<string, unknown> } | { ok: false; issues: string[] };

/** Renders one config string holding `${{ … }}` (the engine's renderValue); may throw on a bad expression. */
export type RenderTemplate = (text: string) => unknown;

const firstLine = (error: unknown) => (error instanceof Error ? error.message.split("\n")[0]! : String(error));

/**
 * Renders a step config's templates and parses the result with the step's schema. A number or true/false
 * landing in a field that only takes text becomes `String(v)` (the designer allows exactly that); any
 * other type that the field cannot take is reported before zod sees it, naming the template it came from.
 * Issues are `path: message`, one per path.
 *
 * @example
 * conformConfig({ tags: { ttl: "${{ inputs.ttl }}" } }, schema, render)
 * // { ok: true, value: { …, tags: { ttl: "8" } } }  — 8 was a number input
 */
export function conformConfig(config: Record<string, unknown>, schema: z.ZodObject, render: RenderTemplate): ConformResult {
  const issues = new Map<string, string>();
  const sources = new Map<string, string>();

  const renderText = (text: string, path: Array<string | number>): unknown => {
    const at = path.join(".");
    sources.set(at, text);
    let value: unknown;
    try {
      value = render(text);
    } catch (error) {
      issues.set(at, `${at}: could not evaluate ${text}: ${firstLine(error)}`);
      return text;
    }
    const type = typeOfValue(value);
    // null/undefined are left to the schema: an optional field may take them.
    if (type === null) return value;
    const accepted = fieldTypes(schema, path);
    const verdict = fit(type, accepted);
    if (verdict === "converts") return String(value);
    if (verdict === "mismatch" && accepted) issues.set(at, `${at}: expected ${describeTypes(accepted)}, got ${describeType(type)} from ${text}`);
    return value;
  };

  const walk = (value: unknown, path: Array<string | number>): unknown => {
    if (typeof value === "string") return findTemplates(value).length > 0 ? renderText(value, path) : value;
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    return value;
  };

  const rendered = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, walk(v, [k])]));
  const parsed = schema.safeParse(rendered);
  if (parsed.success && issues.size === 0) return { ok: true, value: parsed.data };
  for (const issue of parsed.error?.issues ?? []) {
    const at = issue.path.map(String).join(".");
    if (issues.has(at)) continue;
    const source = sources.get(at);
    issues.set(at, `${at ? `${at}: ` : ""}${issue.message}${source ? ` (from ${source})` : ""}`);
  }
  return { ok: false, issues: [...issues.values()] };
}
