"use client";

/** A labelled group of checkboxes: which providers or step types a policy is limited to (none = all). */
export function ScopePicker({
  id,
  legend,
  options,
  value,
  error,
  onChange,
}: {
  id: string;
  legend: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  value: readonly string[];
  error?: string;
  onChange: (value: string[]) => void;
}) {
  const toggle = (v: string, on: boolean) => onChange(on ? [...value, v] : value.filter((x) => x !== v));
  return (
    <fieldset aria-describedby={`${id}-hint`} className="rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-700">{legend}</legend>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-x-3 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" className="size-3.5" checked={value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
            <span className="truncate">{o.label}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {value.length === 0 ? "None chosen: applies to all." : `${value.length} chosen.`}
        </p>
      )}
    </fieldset>
  );
}
