"use client";
import { X } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { AUDIT_OUTCOMES, type AuditOutcome } from "@/lib/audit/schemas";
import type { AuditFilterKey, RawAuditFilters } from "@/lib/audit/search-params";
import { AUDIT_TIME_PRESETS, fromLocalInput, presetStart, toLocalInput } from "@/lib/audit/time-range";

type Props = {
  value: RawAuditFilters;
  /** A change of some filters ("clear": all of them); the page merges it into its current address. */
  onChange: (change: RawAuditFilters | "clear") => void;
  /** Problems with the filters, by field (from the shared schema), shown under the field at fault. */
  errors: Partial<Record<AuditFilterKey, string>>;
  actions: readonly string[];
};

/** A text filter that applies once typing pauses, so each keystroke does not refetch the log. */
function TextFilter({ id, label, placeholder, value, onCommit, list }: { id: string; label: string; placeholder: string; value: string; onCommit: (text: string) => void; list?: string }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onCommit(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value, onCommit]);
  return (
    <div className="min-w-44 flex-1">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} type="search" placeholder={placeholder} value={text} list={list} onChange={(e) => setText(e.target.value)} />
    </div>
  );
}

/**
 * Actor, action, target, outcome and time range. Changes go to the page's address (see AuditLog), so a
 * filtered view can be reloaded or shared.
 */
export function AuditLogFilters({ value, onChange, errors, actions }: Props) {
  const id = useId();
  // Clearing remounts the text fields, which keep their own typing state.
  const [generation, setGeneration] = useState(0);
  const set = (patch: RawAuditFilters) => onChange(patch);
  const hasFilters = Object.values(value).some(Boolean);

  return (
    <fieldset className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
      <legend className="sr-only">Filters</legend>
      <div key={generation} className="flex flex-wrap gap-3">
        <TextFilter id={`${id}-actor`} label="Actor" placeholder="E-mail, e.g. alice@" value={value.actor ?? ""} onCommit={(actor) => set({ actor })} />
        <TextFilter id={`${id}-action`} label="Action" placeholder="e.g. users.setRole" value={value.action ?? ""} onCommit={(action) => set({ action })} list={`${id}-actions`} />
        <TextFilter id={`${id}-target`} label="Target" placeholder="Id or name" value={value.target ?? ""} onCommit={(target) => set({ target })} />
        <div className="w-40">
          <Label htmlFor={`${id}-outcome`}>Outcome</Label>
          <Select
            id={`${id}-outcome`}
            value={value.outcome ?? ""}
            onChange={(e) => set({ outcome: AUDIT_OUTCOMES.find((o): o is AuditOutcome => o === e.target.value) })}
          >
            <option value="">All outcomes</option>
            {AUDIT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <datalist id={`${id}-actions`}>
        {actions.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>

      <div className="mt-3 flex flex-wrap items-end gap-3">
        <div>
          <Label htmlFor={`${id}-from`}>From</Label>
          <Input
            id={`${id}-from`}
            type="datetime-local"
            className="w-52"
            value={toLocalInput(value.from)}
            aria-invalid={errors.from ? true : undefined}
            aria-describedby={errors.from ? `${id}-from-error` : undefined}
            onChange={(e) => set({ from: fromLocalInput(e.target.value, "start") })}
          />
        </div>
        <div>
          <Label htmlFor={`${id}-to`}>To</Label>
          <Input
            id={`${id}-to`}
            type="datetime-local"
            className="w-52"
            value={toLocalInput(value.to)}
            aria-invalid={errors.to ? true : undefined}
            aria-describedby={errors.to ? `${id}-to-error` : undefined}
            onChange={(e) => set({ to: fromLocalInput(e.target.value, "end") })}
          />
        </div>
        <div role="group" aria-label="Quick time ranges" className="flex flex-wrap gap-1.5">
          {AUDIT_TIME_PRESETS.map((p) => (
            <Button key={p.id} variant="secondary" size="sm" onClick={() => set({ from: presetStart(p.ms, Date.now()), to: undefined })}>
              {p.label}
            </Button>
          ))}
          {value.from || value.to ? (
            <Button variant="ghost" size="sm" onClick={() => set({ from: undefined, to: undefined })}>
              Any time
            </Button>
          ) : null}
        </div>
        {hasFilters ? (
          <Button
            variant="ghost"
            size="sm"
            className="ml-auto"
            onClick={() => {
              setGeneration((g) => g + 1);
              onChange("clear");
            }}
          >
            <X className="size-4" aria-hidden /> Clear filters
          </Button>
        ) : null}
      </div>
      {(["from", "to", "actor", "action", "target", "outcome"] as const).map((key) =>
        errors[key] ? (
          <p key={key} id={`${id}-${key}-error`} role="alert" className="mt-2 text-sm text-red-600">
            {errors[key]}
          </p>
        ) : null,
      )}
    </fieldset>
  );
}
