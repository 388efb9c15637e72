import type { z } from "zod";
import type { StepDefinition } from "../catalog/define";
import { findTemplates, hasUnclosedTemplate } from "./expressions";
import type { ConfigPath } from "./field-types";
import { formatPath } from "./limits";
import type { WorkflowNode } from "./schema";

/**
 * What an expression's value has to be: a condition (`when`, a bare CEL field) should be true or false; a
 * template fills the config field at `field`. Only the first template of a value carries a target, since
 * a value with text around its templates (or several of them) is text whatever they yield.
 */
export type TypeTarget = { kind: "condition" } | { kind: "field"; field: ConfigPath; isWhole: boolean };

export type FoundExpression = { path: string; expression: string; target?: TypeTarget };

/** The `${{` of a template that is never closed, reported instead of being read as text. */
export const UNCLOSED = "${{";

function isExpressionField(schema: z.ZodObject, key: string): boolean {
  let field: unknown = schema.shape[key];
  for (let i = 0; i < 5 && field; i++) {
    const candidate = field as { meta?: () => Record<string, unknown> | undefined; unwrap?: () => unknown; def?: { innerType?: unknown } };
    if (candidate.meta?.()?.expression === true) return true;
    field = candidate.def?.innerType;
  }
  return false;
}

/** Every expression in a node: `when`, bare-CEL fields, and `${{ … }}` templates inside other strings. */
export function nodeExpressions(node: WorkflowNode, index: number, step: StepDefinition | undefined): FoundExpression[] {
  const found: FoundExpression[] = [];
  if (node.when?.trim()) found.push({ path: `nodes[${index}].when`, expression: node.when, target: { kind: "condition" } });
  const walk = (value: unknown, field: Array<string | number>, isBare: boolean) => {
    if (typeof value === "string") {
      const p = formatPath(["nodes", index, "config", ...field]);
      if (isBare) {
        if (value.trim()) found.push({ path: p, expression: value, target: { kind: "condition" } });
        return;
      }
      const templates = findTemplates(value);
      // The engine's rule (renderValue): only a value that is exactly one template keeps the result's type.
      const isWhole = templates.length === 1 && templates[0]!.start === 0 && templates[0]!.end === value.length;
      templates.forEach((t, i) => found.push({ path: p, expression: t.expression, target: i === 0 ? { kind: "field", field, isWhole } : undefined }));
      if (hasUnclosedTemplate(value)) found.push({ path: p, expression: UNCLOSED });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...field, i], false));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...field, k], false);
  };
  for (const [key, value] of Object.entries(node.config)) walk(value, [key], step ? isExpressionField(step.config, key) : false);
  return found;
}
