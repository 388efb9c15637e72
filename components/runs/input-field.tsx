import { Input, Label, Select } from "@/components/ui/input";
import type { WorkflowInput } from "@/lib/workflow/schema";

/** What the form holds per input: text for text, number and select controls; a boolean for a checkbox. */
export type FormValue = string | boolean;

export function inputLabel(input: WorkflowInput): string {
  return input.label?.trim() || input.name;
}

/** The value a control starts with: the previous run's when it fits the type, else the declared default. */
export function initialFormValue(input: WorkflowInput, previous: unknown): FormValue {
  if (input.type === "boolean") return typeof previous === "boolean" ? previous : input.default === true;
  const fits =
    input.type === "number" ? typeof previous === "number" : typeof previous === "string" && (input.type !== "select" || (input.options ?? []).includes(previous));
  const value = fits ? previous : input.default;
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/** One control generated from a declared workflow input, with its label, help and error. */
export function InputField({ input, value, error, onChange }: { input: WorkflowInput; value: FormValue; error?: string; onChange: (value: FormValue) => void }) {
  const id = `run-input-${input.name}`;
  const describedBy = error ? `${id}-error` : input.description ? `${id}-hint` : undefined;
  const isRequired = input.required && input.default === undefined;
  const common = { id, name: input.name, "aria-invalid": Boolean(error), "aria-describedby": describedBy, "aria-required": isRequired || undefined };
  const label = (
    <>
      {inputLabel(input)}
      {isRequired ? (
        <span className="ml-0.5 text-red-600" aria-hidden>
          *
        </span>
      ) : null}
    </>
  );
  return (
    <div>
      {input.type === "boolean" ? (
        <div className="flex items-center gap-2">
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} className="size-4 rounded border-slate-300 text-brand-600 accent-brand-600" />
          <Label htmlFor={id} className="mb-0">
            {label}
          </Label>
        </div>
      ) : (
        <>
          <Label htmlFor={id}>{label}</Label>
          {input.type === "select" ? (
            <Select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
              <option value="">{isRequired ? "Choose…" : "(none)"}</option>
              {(input.options ?? []).map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </Select>
          ) : (
            <Input {...common} type={input.type === "number" ? "number" : "text"} inputMode={input.type === "number" ? "decimal" : undefined} step={input.type === "number" ? "any" : undefined} autoComplete="off" value={String(value)} onChange={(e) => onChange(e.target.value)} />
          )}
        </>
      )}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : input.description ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {input.description}
        </p>
      ) : null}
    </div>
  );
}
