"use client";
import { Search } from "lucide-react";
import { useMemo, useState, type DragEvent } from "react";
import { CATEGORY_LABELS, STEP_CATEGORIES, STEP_LIST, type StepDefinition } from "@/lib/catalog";
import { StepIcon } from "./step-icon";

export const DRAG_MIME = "application/x-stratus-step";

/** Step types by category, searchable; drag one onto the canvas, or click (or Enter) to add it. */
export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const match = (s: StepDefinition) => !q || `${s.title} ${s.description} ${s.type} ${s.category}`.toLowerCase().includes(q);
    return STEP_CATEGORIES.map((c) => ({ category: c, steps: STEP_LIST.filter((s) => s.category === c && match(s)) })).filter((g) => g.steps.length > 0);
  }, [query]);

  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(DRAG_MIME, type);
    event.dataTransfer.effectAllowed = "move";
  };

  return (
    <aside aria-label="Step palette" className="flex h-full w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="border-b border-slate-200 p-2">
        <div className="relative">
          <Search className="pointer-events-none absolute top-2 left-2.5 size-4 text-slate-400" aria-hidden />
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search steps"
            aria-label="Search steps"
            className="h-8 w-full rounded-md border border-slate-300 pr-2 pl-8 text-sm focus:border-brand-500 focus:outline-none"
          />
        </div>
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        {groups.length === 0 ? <p className="p-2 text-sm text-slate-500">No step matches “{query}”.</p> : null}
        {groups.map((g) => (
          <section key={g.category} aria-labelledby={`palette-${g.category}`} className="mb-3">
            <h3 id={`palette-${g.category}`} className="px-1 pb-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">
              {CATEGORY_LABELS[g.category]}
            </h3>
            <ul className="space-y-1">
              {g.steps.map((s) => (
                <li key={s.type}>
                  <button
                    type="button"
                    draggable
                    onDragStart={(e) => onDragStart(e, s.type)}
                    onClick={() => onAdd(s.type)}
                    title={s.description}
                    aria-label={`Add ${s.title}`}
                    data-step-type={s.type}
                    className="flex w-full cursor-grab items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1.5 text-left text-sm text-slate-800 hover:border-brand-500 hover:bg-brand-50 active:cursor-grabbing"
                  >
                    <StepIcon name={s.icon} className="size-4 shrink-0 text-brand-700" />
                    <span className="truncate">{s.title}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}
