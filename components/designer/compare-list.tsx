"use client";
import type { DefinitionDiff } from "@/lib/workflow/diff";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

/** The changes between two versions, as a list beside the highlighted canvas. */
export function CompareList({
  diff,
  before,
  after,
  onSelect,
}: {
  diff: DefinitionDiff;
  before: WorkflowDefinition | undefined;
  after: WorkflowDefinition;
  onSelect: (id: string) => void;
}) {
  const name = (id: string) => after.nodes.find((n) => n.id === id)?.name ?? before?.nodes.find((n) => n.id === id)?.name ?? id;
  const rows: Array<{ tone: string; label: string; id?: string; detail?: string }> = [
    ...diff.added.map((id) => ({ tone: "text-emerald-700", label: "Added", id })),
    ...diff.removed.map((id) => ({ tone: "text-red-700", label: "Removed", id })),
    ...diff.changed.map((c) => ({ tone: "text-amber-700", label: "Changed", id: c.id, detail: c.fields.join(", ") })),
    ...diff.edgesAdded.map((e) => ({ tone: "text-emerald-700", label: "Connection added", detail: e })),
    ...diff.edgesRemoved.map((e) => ({ tone: "text-red-700", label: "Connection removed", detail: e })),
    ...diff.settings.map((s) => ({ tone: "text-amber-700", label: "Setting changed", detail: s })),
  ];
  return (
    <section aria-labelledby="changes-heading" className="border-b border-slate-200 p-3">
      <h2 id="changes-heading" className="mb-2 text-sm font-semibold text-slate-900">
        Changes ({rows.length})
      </h2>
      {rows.length === 0 ? <p className="text-sm text-slate-500">The two versions define the same workflow{diff.moved.length ? " (only positions moved)" : ""}.</p> : null}
      <ul className="space-y-1 text-sm" aria-label="Changes">
        {rows.map((r, i) => (
          <li key={i}>
            <button type="button" disabled={!r.id} onClick={() => r.id && onSelect(r.id)} className="w-full rounded px-1 py-0.5 text-left hover:bg-slate-50 disabled:cursor-default">
              <span className={`font-medium ${r.tone}`}>{r.label}</span>
              {r.id ? <span className="text-slate-800">: {name(r.id)}</span> : null}
              {r.detail ? <span className="block font-mono text-xs text-slate-500">{r.detail}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
