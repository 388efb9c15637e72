import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/** A titled card on the dashboard; `id` names it for screen readers. */
export function Panel({ id, title, description, actions, className, children }: { id: string; title: string; description?: string; actions?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={cn("rounded-lg border border-slate-200 bg-white p-4", className)}>
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={id} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-xs text-slate-500">{description}</p> : null}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A chart's "nothing to draw yet", sized like the chart so the layout does not jump. */
export function ChartEmpty({ height = 220, children }: { height?: number; children: ReactNode }) {
  return (
    <div style={{ height }} className="flex items-center justify-center rounded-md border border-dashed border-slate-200 px-6 text-center text-sm text-slate-500">
      {children}
    </div>
  );
}
