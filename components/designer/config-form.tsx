"use client";
import { useMemo, type JSX } from "react";
import type { z } from "zod";
import { Input, Select } from "@/components/ui/input";
import { formFields, type FormField } from "@/lib/catalog/form-model";
import { FieldShell, StringListControl, StringMapControl, asText, fieldAria, useDraft, type ControlProps } from "./config-fields";
import { ExpressionInput } from "./expression-input";

export type ConfigFormProps = {
  schema: z.ZodObject;
  /** The node's current config; drafts may be incomplete or invalid. */
  value: Record<string, unknown>;
  /** Called with the whole new config object; an emptied field is removed so its default applies. */
  onChange: (next: Record<string, unknown>) => void;
  /** Dotted path → message (see `fieldErrorsFromZod`), shown under the field it belongs to. */
  errors?: Record<string, string>;
  /** References allowed here, e.g. "inputs.region", "steps.web.outputs.url". */
  suggestions: string[];
  readOnly?: boolean;
  /** Unique per node, so ids and label links never collide between two open forms. */
  idPrefix: string;
};

/** A step's config form, generated from its zod schema. */
export function ConfigForm({ schema, value, onChange, errors = {}, suggestions, readOnly = false, idPrefix }: ConfigFormProps): JSX.Element {
  const fields = useMemo(() => formFields(schema), [schema]);
  const keys = new Set(fields.map((f) => f.key));
  // Errors no field owns (object-level refinements, unknown keys) are shown above the form.
  const stray = Object.entries(errors).filter(([path]) => !keys.has(path.split(".")[0] ?? ""));

  function set(key: string, next: unknown) {
    const { [key]: _old, ...rest } = value;
    onChange(next === undefined ? rest : { ...rest, [key]: next });
  }

  return (
    <fieldset disabled={readOnly} className="min-w-0 space-y-4">
      {stray.length > 0 && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {stray.map(([path, message]) => (
            <p key={path}>{path ? `${path}: ${message}` : message}</p>
          ))}
        </div>
      )}
      {fields.map((field) => {
        const childErrors = childErrorsOf(errors, field.key);
        const error = errors[field.key] ?? describeChildErrors(field, childErrors);
        // Whatever zod says about a missing required value, the one thing to tell the user is that it's missing.
        const isMissing = field.required && value[field.key] === undefined;
        return (
          <FieldControl
            key={field.key}
            id={`${idPrefix}-${field.key.replace(/[^\w-]/g, "_")}`}
            field={field}
            value={value[field.key]}
            onChange={(next) => set(field.key, next)}
            suggestions={suggestions}
            disabled={readOnly}
            error={error && isMissing ? "Required" : error}
            childErrors={childErrors}
          />
        );
      })}
    </fieldset>
  );
}

function childErrorsOf(errors: Record<string, string>, key: string): Record<string, string> {
  const prefix = `${key}.`;
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, message]) => [path.slice(prefix.length), message]),
  );
}

function describeChildErrors(field: FormField, childErrors: Record<string, string>): string | undefined {
  const parts = Object.entries(childErrors).map(([rest, message]) =>
    field.kind === "string-list" && /^\d+$/.test(rest) ? `Item ${Number(rest) + 1}: ${message}` : `${rest}: ${message}`,
  );
  return parts.length > 0 ? parts.join("; ") : undefined;
}

const placeholderOf = (fallback: unknown) =>
  fallback === undefined || fallback === null ? undefined : typeof fallback === "string" ? fallback : JSON.stringify(fallback);

function FieldControl(props: ControlProps) {
  const { id, field, value, onChange, suggestions, disabled, error } = props;
  const aria = fieldAria(id, field, error);
  switch (field.kind) {
    case "string":
    case "expression":
      return (
        <FieldShell id={id} field={field} error={error}>
          <ExpressionInput
            id={id}
            mode={field.kind === "expression" ? "expression" : "template"}
            isMultiline={field.isMultiline}
            value={asText(value)}
            onChange={(text) => onChange(text === "" ? undefined : text)}
            placeholder={placeholderOf(field.default)}
            suggestions={suggestions}
            disabled={disabled}
            {...aria}
          />
        </FieldShell>
      );
    case "number-or-template":
      return (
        <FieldShell id={id} field={field} error={error}>
          <ExpressionInput
            id={id}
            mode="template"
            value={typeof value === "number" ? String(value) : typeof value === "string" ? value : ""}
            // A plain number is stored as a number; anything else (a ${{ }} template) as text.
            onChange={(text) => onChange(text.trim() === "" ? undefined : /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text)}
            placeholder={placeholderOf(field.default)}
            suggestions={suggestions}
            disabled={disabled}
            {...aria}
          />
        </FieldShell>
      );
    case "enum": {
      const current = typeof value === "string" ? value : "";
      // Keep a value the schema does not list (an old draft) visible instead of silently showing another.
      const options = current && !field.options?.includes(current) ? [...(field.options ?? []), current] : (field.options ?? []);
      const fallback = placeholderOf(field.default);
      return (
        <FieldShell id={id} field={field} error={error}>
          <Select id={id} className="nodrag" value={current} disabled={disabled} onChange={(e) => onChange(e.target.value || undefined)} {...aria}>
            <option value="">{fallback !== undefined ? `Default (${fallback})` : "Select…"}</option>
            {options.map((option) => (
              <option key={option} value={option}>{option}</option>
            ))}
          </Select>
        </FieldShell>
      );
    }
    case "boolean":
      return (
        <FieldShell id={id} field={field} error={error} layout="checkbox">
          <input
            id={id}
            type="checkbox"
            className="nodrag size-4 rounded border-slate-300 accent-brand-600"
            checked={typeof value === "boolean" ? value : field.default === true}
            disabled={disabled}
            onChange={(e) => onChange(e.target.checked)}
            {...aria}
          />
        </FieldShell>
      );
    case "number":
    case "integer":
      return <NumberControl {...props} />;
    case "string-list":
      return <StringListControl {...props} />;
    case "string-map":
      return <StringMapControl {...props} />;
    case "json":
      return <JsonControl {...props} />;
  }
}

/** "" → absent, "12" → 12, anything else → NaN (not stored). */
function parseNumber(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

function NumberControl({ id, field, value, onChange, disabled, error }: ControlProps) {
  // The raw text is kept while typing ("1.", "-"), the stored value only changes when it parses.
  const [text, setText] = useDraft(value, (v) => (typeof v === "number" ? String(v) : ""), (draft, v) => parseNumber(draft) === v);
  return (
    <FieldShell id={id} field={field} error={error}>
      <Input
        id={id}
        type="number"
        inputMode={field.kind === "integer" ? "numeric" : "decimal"}
        className="nodrag"
        value={text}
        min={field.min}
        max={field.max}
        step={field.kind === "integer" ? 1 : "any"}
        placeholder={placeholderOf(field.default)}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseNumber(e.target.value);
          if (parsed === undefined || Number.isFinite(parsed)) onChange(parsed);
        }}
        {...fieldAria(id, field, error)}
      />
    </FieldShell>
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    const parsed: unknown = JSON.parse(text);
    return { ok: true, value: parsed };
  } catch {
    return { ok: false };
  }
}

function JsonControl({ id, field, value, onChange, suggestions, disabled, error }: ControlProps) {
  const [text, setText] = useDraft(
    value,
    (v) => (v === undefined ? "" : JSON.stringify(v, null, 2)),
    (draft, v) => {
      const parsed = parseJson(draft);
      return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(v);
    },
  );
  const shownError = parseJson(text).ok ? error : "Not valid JSON";
  return (
    <FieldShell id={id} field={field} error={shownError}>
      <ExpressionInput
        id={id}
        isMultiline
        value={text}
        onChange={(next) => {
          setText(next);
          const parsed = parseJson(next);
          if (parsed.ok) onChange(parsed.value);
        }}
        placeholder={field.default === undefined ? undefined : JSON.stringify(field.default, null, 2)}
        suggestions={suggestions}
        disabled={disabled}
        {...fieldAria(id, field, shownError)}
      />
    </FieldShell>
  );
}
