import { z } from "zod";
import { runInputsSchema } from "@/lib/workflow/inputs";
import type { WorkflowInput } from "@/lib/workflow/schema";
import type { FormValue } from "./input-field";

export type FieldErrors = Record<string, string>;

/**
 * The form's values as run inputs, checked with the same schema the server uses. An empty control is left out,
 * so the declared default applies; a required input without a default must be filled.
 */
export function toRunInputs(inputs: readonly WorkflowInput[], values: Record<string, FormValue>): { data: Record<string, unknown> } | { errors: FieldErrors } {
  const raw: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const input of inputs) {
    const value = values[input.name];
    if (typeof value === "boolean") raw[input.name] = value;
    else if (value !== undefined && value.trim() !== "") raw[input.name] = input.type === "string" ? value : value.trim();
    else if (input.required && input.default === undefined) errors[input.name] = input.type === "select" ? "Choose a value." : "Enter a value.";
  }
  const parsed = runInputsSchema(inputs).safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "");
      errors[name] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { data: parsed.data };
}

const serverError = z.object({
  data: z.object({
    fieldErrors: z.record(z.string(), z.string()).nullish(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).nullish(),
  }),
});

/**
 * What the server refused (server/trpc/init.ts): input problems keyed `inputs.<name>` go to their fields; any
 * other issue is a problem of the workflow definition, which must be fixed in the designer first.
 */
export function startRunErrors(error: unknown): { fields: FieldErrors; problems: string[] } {
  const parsed = serverError.safeParse(error);
  if (!parsed.success) return { fields: {}, problems: [] };
  const fields: FieldErrors = {};
  for (const [key, message] of Object.entries(parsed.data.data.fieldErrors ?? {})) {
    if (key.startsWith("inputs.")) fields[key.slice("inputs.".length)] = message;
  }
  const problems = (parsed.data.data.issues ?? []).filter((i) => !i.path.startsWith("inputs.")).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  return { fields, problems };
}
