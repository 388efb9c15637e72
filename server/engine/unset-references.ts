import { checkExpression, findTemplates } from "@/lib/workflow/expressions";
import type { ExpressionScope } from "./expressions";

/**
 * Why an expression could not be evaluated, in the user's terms: CEL says "No such key: healthy"; the user
 * needs to hear that `steps.check.outputs.healthy` is not set because the step failed (or was skipped)
 * without reporting it. Returns null when no reference is unset (the CEL message is then the reason).
 */
export function explainUnset(expressions: readonly string[], scope: ExpressionScope): string | null {
  const reasons = new Set<string>();
  for (const expression of expressions) {
    for (const ref of checkExpression(expression).references) {
      if (ref.kind !== "step" || !ref.output) continue;
      const step = scope.steps[ref.stepId];
      if (step && Object.hasOwn(step.outputs, ref.output)) continue;
      const status = step?.status ?? "pending";
      const why = status === "failed" ? "failed without reporting it" : status === "skipped" ? "was skipped" : status === "succeeded" ? "did not report it" : `has not finished (${status})`;
      reasons.add(`steps.${ref.stepId}.outputs.${ref.output} is not set: step "${ref.stepId}" ${why}`);
    }
  }
  return reasons.size > 0 ? `${[...reasons].join("; ")}.` : null;
}

/** Every `${{ … }}` expression inside a config value. */
export function templatesIn(value: unknown): string[] {
  if (typeof value === "string") return findTemplates(value).map((t) => t.expression);
  if (Array.isArray(value)) return value.flatMap(templatesIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(templatesIn);
  return [];
}
