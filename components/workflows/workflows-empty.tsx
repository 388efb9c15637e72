import { Plus, Workflow } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { TemplateSummary } from "./types";

/** The first visit: what a workflow is, and (for editors) the templates to start from. */
export function WorkflowsEmpty({
  templates,
  canEdit,
  onStart,
}: {
  templates: readonly TemplateSummary[];
  canEdit: boolean;
  onStart: (templateId: string | null) => void;
}) {
  return (
    <section aria-labelledby="workflows-empty-title" className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10">
      <div className="mx-auto max-w-2xl text-center">
        <Workflow className="mx-auto mb-3 size-8 text-slate-400" aria-hidden />
        <h2 id="workflows-empty-title" className="text-base font-semibold text-slate-900">
          No workflows yet
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          A workflow is a graph of steps — provision a network, deploy an app, check its health, wait for an approval, roll
          back on failure — that Stratus runs against your clouds, with every version kept.
          {canEdit ? " Start from a template or from a blank canvas." : " Operators and admins can create them."}
        </p>
        {canEdit ? (
          <Button variant="secondary" className="mt-4" onClick={() => onStart(null)}>
            <Plus className="size-4" aria-hidden /> Start blank
          </Button>
        ) : null}
      </div>
      {canEdit && templates.length > 0 ? (
        <ul aria-label="Templates" className="mt-8 grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {templates.map((t) => (
            <li key={t.id} className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
              <h3 id={`template-${t.id}`} className="text-sm font-semibold text-slate-900">
                {t.name}
              </h3>
              <p className="mt-1 flex-1 text-xs leading-relaxed text-slate-600">{t.description}</p>
              <Button size="sm" variant="secondary" className="mt-4 self-start" aria-describedby={`template-${t.id}`} onClick={() => onStart(t.id)}>
                Use this template
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
