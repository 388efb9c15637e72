import type { ASTNode } from "@marcbachmann/cel-js";
import type { z } from "zod";
import type { StepDefinition } from "../catalog/define";
import { fieldTypes } from "./field-types";
import { formatPath } from "./limits";
import type { TypeTarget } from "./node-expressions";
import type { WorkflowDefinition } from "./schema";
import { describeType, describeTypes, fit, inferType, inputType, type ReferenceTypes } from "./types";

export type TypeProblem = { severity: "error" | "warning"; message: string };

/** The declared types of a definition's run inputs and of its steps' outputs (from the catalog). */
export function referenceTypes(definition: WorkflowDefinition, getStep: (type: string) => StepDefinition | undefined): ReferenceTypes {
  const inputs = new Map(definition.inputs.map((i) => [i.name, inputType(i.type)]));
  const stepTypes = new Map(definition.nodes.map((n) => [n.id, n.type]));
  return {
    input: (name) => inputs.get(name),
    output: (stepId, name) => {
      const outputs = getStep(stepTypes.get(stepId) ?? "")?.outputs;
      return outputs && Object.hasOwn(outputs, name) ? outputs[name]!.type : undefined;
    },
  };
}

/**
 * Whether an expression's type suits where it is used, judged only on types we are sure of (see inferType):
 * a number or true/false going into a text field is fine, since the engine converts it losslessly.
 *
 * @example
 * // desired: "${{ inputs.app_image }}" with app_image a string input
 * // → error "desired expects a number, but inputs.app_image is text."
 */
export function typeProblem(
  target: TypeTarget,
  expression: string,
  ast: ASTNode | null,
  config: z.ZodObject | undefined,
  refs: ReferenceTypes,
): TypeProblem | null {
  if (target.kind === "condition") {
    const type = ast ? inferType(ast, refs) : null;
    if (type === null || type === "boolean") return null;
    // The engine only counts `true` as true, so any other value quietly reads as false.
    return { severity: "warning", message: `A condition should be true or false, but ${expression} is ${describeType(type)}, so it never holds.` };
  }
  if (!config) return null;
  const accepted = fieldTypes(config, target.field);
  if (!accepted) return null;
  const type = target.isWhole ? (ast ? inferType(ast, refs) : null) : "string";
  if (type === null || fit(type, accepted) !== "mismatch") return null;
  const field = formatPath(target.field);
  const expects = `${field} expects ${describeTypes(accepted)}`;
  if (target.isWhole) return { severity: "error", message: `${expects}, but ${expression} is ${describeType(type)}.` };
  return { severity: "error", message: `${expects}, but this value is text: only a value that is exactly one \${{ … }} keeps the expression's type.` };
}
