"use client";
import { Plus, X } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import type { FormField } from "@/lib/catalog/form-model";
import { ExpressionInput } from "./expression-input";

/** What every field control gets. `onChange(undefined)` removes the key so the default (or "required") applies. */
export type ControlProps = {
  id: string;
  field: FormField;
  value: unknown;
  onChange: (next: unknown) => void;
  suggestions: readonly string[];
  disabled: boolean;
  /** The field's message from validation, if any. */
  error?: string;
  /** Validation messages below the field, by the rest of their path: "0" for `cidrs.0`, "env" for `tags.env`. */
  childErrors: Record<string, string>;
};

export function fieldAria(id: string, field: FormField, error: string | undefined) {
  const describedBy = [field.help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(" ");
  return {
    "aria-describedby": describedBy || undefined,
    "aria-invalid": error ? true : undefined,
    "aria-required": field.required || undefined,
  };
}

function RequiredMark() {
  return (
    <>
      <span aria-hidden className="ml-0.5 text-red-600">*</span>
      <span className="sr-only"> required</span>
    </>
  );
}

/**
 * Label (with a required mark), the control, its help and its error. "group" is for controls made of several
 * inputs (lists, maps), "checkbox" puts the label after the box.
 */
export function FieldShell(props: { id: string; field: FormField; error?: string; layout?: "control" | "group" | "checkbox"; children: ReactNode }) {
  const { id, field, error, layout = "control", children } = props;
  const label = (
    <>
      {field.label}
      {field.required && <RequiredMark />}
    </>
  );
  const notes = (
    <>
      {field.help && <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">{field.help}</p>}
      {error && <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600">{error}</p>}
    </>
  );
  if (layout === "checkbox") {
    return (
      <div>
        <div className="flex items-center gap-2">
          {children}
          <label htmlFor={id} className="text-sm font-medium text-slate-700">{label}</label>
        </div>
        {notes}
      </div>
    );
  }
  if (layout === "group") {
    const describedBy = fieldAria(id, field, error)["aria-describedby"];
    return (
      <div role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy}>
        <span id={`${id}-label`} className="mb-1 block text-sm font-medium text-slate-700">{label}</span>
        {children}
        {notes}
      </div>
    );
  }
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {notes}
    </div>
  );
}

/**
 * Local editing state that follows `value` when it changes from outside (undo, another node) but not when it
 * merely echoes what this draft produced, so half-typed text survives a round trip through the parent.
 */
export function useDraft<D>(value: unknown, fromValue: (value: unknown) => D, isSame: (draft: D, value: unknown) => boolean) {
  const [draft, setDraft] = useState(() => fromValue(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (!isSame(draft, value)) setDraft(fromValue(value));
  }
  return [draft, setDraft] as const;
}

/** Moves focus after a row is added or removed, once the new rows are rendered. */
function useFocusAfterRender() {
  const target = useRef<string | null>(null);
  useEffect(() => {
    if (!target.current) return;
    document.getElementById(target.current)?.focus();
    target.current = null;
  });
  return (id: string) => {
    target.current = id;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A stored value as editable text; a non-string (from an old or hand-written draft) is shown as JSON. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function defaultNote(field: FormField): string {
  const fallback = field.default;
  const isEmpty = fallback === undefined || (Array.isArray(fallback) ? fallback.length === 0 : isRecord(fallback) && Object.keys(fallback).length === 0);
  return isEmpty ? "None yet." : `None yet; defaults to ${JSON.stringify(fallback)}.`;
}

function RemoveButton({ label, disabled, onClick }: { label: string; disabled: boolean; onClick: () => void }) {
  return (
    <Button variant="ghost" size="sm" className="nodrag shrink-0 px-2" aria-label={label} title={label} disabled={disabled} onClick={onClick}>
      <X className="size-4" aria-hidden />
    </Button>
  );
}

function AddButton({ id, children, disabled, onClick }: { id: string; children: ReactNode; disabled: boolean; onClick: () => void }) {
  return (
    <Button id={id} variant="secondary" size="sm" className="nodrag mt-2" disabled={disabled} onClick={onClick}>
      <Plus className="size-4" aria-hidden />
      {children}
    </Button>
  );
}

export function StringListControl({ id, field, value, onChange, suggestions, disabled, error, childErrors }: ControlProps) {
  const items = Array.isArray(value) ? value.map(asText) : [];
  const focusLater = useFocusAfterRender();
  const remove = (index: number) => {
    const next = items.filter((_, i) => i !== index);
    focusLater(next.length === 0 ? `${id}-add` : `${id}-${Math.min(index, next.length - 1)}`);
    onChange(next);
  };
  return (
    <FieldShell id={id} field={field} error={error} layout="group">
      {items.length === 0 && <p className="text-xs text-slate-500">{value === undefined ? defaultNote(field) : "None."}</p>}
      <ul className="space-y-2">
        {items.map((item, i) => (
          <li key={i} className="flex items-start gap-1">
            <div className="min-w-0 flex-1">
              <ExpressionInput
                id={`${id}-${i}`}
                value={item}
                onChange={(text) => onChange(items.map((old, j) => (j === i ? text : old)))}
                suggestions={suggestions}
                disabled={disabled}
                aria-label={`${field.label} item ${i + 1}`}
                aria-invalid={childErrors[String(i)] ? true : undefined}
              />
            </div>
            <RemoveButton label={`Remove ${field.label} item ${i + 1}`} disabled={disabled} onClick={() => remove(i)} />
          </li>
        ))}
      </ul>
      <AddButton
        id={`${id}-add`}
        disabled={disabled}
        onClick={() => {
          focusLater(`${id}-${items.length}`);
          onChange([...items, ""]);
        }}
      >
        Add item
      </AddButton>
    </FieldShell>
  );
}

// Row ids only need to be unique within the list (and the same on server and client, so no global counter).
type MapRow = { rowId: number; key: string; value: string };
const toRows = (value: unknown): MapRow[] =>
  isRecord(value) ? Object.entries(value).map(([key, v], rowId) => ({ rowId, key, value: asText(v) })) : [];
const nextRowId = (rows: MapRow[]) => Math.max(-1, ...rows.map((r) => r.rowId)) + 1;
/** Rows with an empty key are left out; of duplicate keys the first wins, so typing a new row never overwrites one. */
function toRecord(rows: MapRow[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) if (row.key !== "" && !Object.hasOwn(record, row.key)) record[row.key] = row.value;
  return record;
}

export function StringMapControl({ id, field, value, onChange, suggestions, disabled, error, childErrors }: ControlProps) {
  // Rows, not the record, are edited: a row may have an empty or duplicate key while being typed.
  const [rows, setRows] = useDraft(value, toRows, (draft, v) => JSON.stringify(toRecord(draft)) === JSON.stringify(isRecord(v) ? v : {}));
  const focusLater = useFocusAfterRender();
  const update = (next: MapRow[]) => {
    setRows(next);
    onChange(toRecord(next));
  };
  const counts = new Map<string, number>();
  for (const row of rows) if (row.key) counts.set(row.key, (counts.get(row.key) ?? 0) + 1);
  const duplicate = [...counts].find(([, n]) => n > 1)?.[0];
  return (
    <FieldShell id={id} field={field} error={duplicate !== undefined ? `Duplicate key "${duplicate}"` : error} layout="group">
      {rows.length === 0 && <p className="text-xs text-slate-500">{value === undefined ? defaultNote(field) : "None."}</p>}
      <ul className="space-y-2">
        {rows.map((row, i) => (
          <li key={row.rowId} className="flex items-start gap-1">
            <Input
              id={`${id}-key-${row.rowId}`}
              className="nodrag w-2/5 shrink-0"
              value={row.key}
              placeholder="key"
              disabled={disabled}
              aria-label={`${field.label} key ${i + 1}`}
              aria-invalid={(counts.get(row.key) ?? 0) > 1 ? true : undefined}
              spellCheck={false}
              onChange={(e) => update(rows.map((r) => (r.rowId === row.rowId ? { ...r, key: e.target.value } : r)))}
            />
            <div className="min-w-0 flex-1">
              <ExpressionInput
                id={`${id}-value-${row.rowId}`}
                value={row.value}
                placeholder="value"
                onChange={(text) => update(rows.map((r) => (r.rowId === row.rowId ? { ...r, value: text } : r)))}
                suggestions={suggestions}
                disabled={disabled}
                aria-label={`${field.label} value ${i + 1}`}
                aria-invalid={childErrors[row.key] ? true : undefined}
              />
            </div>
            <RemoveButton
              label={`Remove ${field.label} entry ${i + 1}`}
              disabled={disabled}
              onClick={() => {
                const next = rows.filter((r) => r.rowId !== row.rowId);
                const neighbour = next[Math.min(i, next.length - 1)];
                focusLater(neighbour ? `${id}-key-${neighbour.rowId}` : `${id}-add`);
                update(next);
              }}
            />
          </li>
        ))}
      </ul>
      <AddButton
        id={`${id}-add`}
        disabled={disabled}
        onClick={() => {
          const row = { rowId: nextRowId(rows), key: "", value: "" };
          focusLater(`${id}-key-${row.rowId}`);
          update([...rows, row]);
        }}
      >
        Add entry
      </AddButton>
    </FieldShell>
  );
}
