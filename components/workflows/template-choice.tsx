import { useEffect, useId, useRef } from "react";
import { cn } from "@/lib/cn";
import type { TemplateSummary } from "./types";

export const BLANK = "blank";
const BLANK_OPTION: TemplateSummary = { id: BLANK, name: "Blank", description: "An empty canvas: add steps from the palette." };

/**
 * "Blank" or one of the templates, as cards. Native radios in one group: Tab enters it, the arrow keys move
 * the choice, and each radio is named by the template and described by its description.
 */
export function TemplateChoice({ templates, value, onChange }: { templates: readonly TemplateSummary[]; value: string; onChange: (id: string) => void }) {
  const prefix = useId();
  const list = useRef<HTMLDivElement>(null);
  // A template preselected from the gallery may sit below the fold of the list: show it on opening.
  // (Scrolling only the list: scrollIntoView would scroll the page behind the dialog too.)
  useEffect(() => {
    const container = list.current;
    const card = container?.querySelector("input:checked")?.closest("label");
    if (!container || !card) return;
    const below = card.getBoundingClientRect().bottom - container.getBoundingClientRect().bottom;
    if (below > 0) container.scrollTop += below + 4;
  }, []);
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-700">Start from</legend>
      <div ref={list} className="-m-1 max-h-72 space-y-2 overflow-y-auto p-1">
        {[BLANK_OPTION, ...templates].map((option) => {
          const isChecked = option.id === value;
          const nameId = `${prefix}-${option.id}-name`;
          const descriptionId = `${prefix}-${option.id}-description`;
          return (
            <label
              key={option.id}
              className={cn(
                "flex cursor-pointer gap-3 rounded-lg border p-3 transition-colors",
                isChecked ? "border-brand-500 bg-brand-50 ring-1 ring-brand-500" : "border-slate-200 hover:bg-slate-50",
              )}
            >
              <input
                type="radio"
                name="templateId"
                value={option.id}
                checked={isChecked}
                onChange={() => onChange(option.id)}
                aria-labelledby={nameId}
                aria-describedby={descriptionId}
                className="mt-0.5 size-4 shrink-0 accent-brand-600"
              />
              <span className="min-w-0">
                <span id={nameId} className="block text-sm font-medium text-slate-900">
                  {option.name}
                </span>
                <span id={descriptionId} className="mt-0.5 line-clamp-2 text-xs text-slate-600">
                  {option.description}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
