import { evaluate } from "@marcbachmann/cel-js";
import type { z } from "zod";
import { conformConfig, type ConformResult } from "@/lib/workflow/conform";
import { findTemplates } from "@/lib/workflow/expressions";
import type { StepState } from "./planner";

/**
 * Run-time CEL: `when` conditions, condition steps, and `${{ … }}` templates in step configs, over
 * `inputs` and the outputs of finished steps. CEL cannot call out or loop forever; nothing is eval'ed.
 */
export type ExpressionScope = { inputs: Record<string, unknown>; steps: Record<string, { outputs: Record<string, unknown>; status: string }> };

export function scopeOf(inputs: Record<string, unknown>, steps: Record<string, StepState>): ExpressionScope {
  return {
    inputs,
    steps: Object.fromEntries(Object.entries(steps).map(([id, s]) => [id, { outputs: s.output ?? {}, status: s.status }])),
  };
}

/** CEL integers come back as bigint; the rest of the product speaks JSON numbers. */
function toJson(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), toJson(v)]));
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

export function evaluateExpression(expression: string, scope: ExpressionScope): unknown {
  return toJson(evaluate(expression, scope));
}

export function isTruthy(expression: string, scope: ExpressionScope): boolean {
  return evaluateExpression(expression, scope) === true;
}

/** Substitutes templates: a string that is exactly one template keeps the value's type; others interpolate. */
export function renderValue(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value === "string") {
    const templates = findTemplates(value);
    if (templates.length === 0) return value;
    const only = templates[0]!;
    if (templates.length === 1 && only.start === 0 && only.end === value.length) return evaluateExpression(only.expression, scope);
    let out = "";
    let last = 0;
    for (const t of templates) {
      const v = evaluateExpression(t.expression, scope);
      out += value.slice(last, t.start) + (typeof v === "string" ? v : JSON.stringify(v));
      last = t.end;
    }
    return out + value.slice(last);
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, scope)]));
  return value;
}

/**
 * A step's settings as it runs: templates rendered, a number or true/false converted to text where the
 * field takes only text (the designer allows that), then parsed with the step's schema. Issues read
 * `path: message`, e.g. `tags.owner: expected text, got a list from ${{ steps.g.outputs.instanceIds }}`.
 */
export function renderConfig(config: Record<string, unknown>, schema: z.ZodObject, scope: ExpressionScope): ConformResult {
  return conformConfig(config, schema, (text) => renderValue(text, scope));
}
