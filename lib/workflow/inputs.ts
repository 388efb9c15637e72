import { z } from "zod";
import type { WorkflowInput } from "./schema";

/** The zod schema of a run's inputs, from the workflow's declared inputs (the start-run form uses it too). */
export function runInputsSchema(inputs: readonly WorkflowInput[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const input of inputs) {
    let field: z.ZodType =
      input.type === "number"
        ? // The start form sends text; a number or numeric text is taken, never "", true, null or [] (which
          // z.coerce would quietly turn into 0 or 1).
          z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number({ error: "must be a number" }))
        : input.type === "boolean"
          ? z.boolean()
          : input.type === "select"
            ? z.enum((input.options?.length ? input.options : [""]) as [string, ...string[]], { error: `must be one of: ${(input.options ?? []).join(", ")}` })
            : z.string().max(10_000);
    if (input.default !== undefined) field = field.default(input.default as never);
    else if (!input.required) field = field.optional();
    shape[input.name] = field;
  }
  return z.strictObject(shape);
}
