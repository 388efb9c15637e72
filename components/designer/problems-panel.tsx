"use client";
import { AlertTriangle, CheckCircle2, XCircle } from "lucide-react";
import type { Problem } from "@/lib/workflow/validate";

/** Everything wrong with the draft; clicking an entry selects its step. */
export function ProblemsPanel({ problems, names, onSelect }: { problems: Problem[]; names: Map<string, string>; onSelect: (nodeId: string) => void }) {
  const errors = problems.filter((p) => p.severity === "error").length;
  return (
    <section aria-labelledby="problems-heading" className="flex h-full flex-col">
      <h2 id="problems-heading" className="flex items-center gap-2 border-b border-slate-200 px-3 py-1.5 text-xs font-semibold text-slate-700">
        Problems
        <span className={errors ? "text-red-600" : "text-slate-500"}>
          {errors} error{errors === 1 ? "" : "s"}, {problems.length - errors} warning{problems.length - errors === 1 ? "" : "s"}
        </span>
      </h2>
      {problems.length === 0 ? (
        <p className="flex items-center gap-2 px-3 py-2 text-sm text-emerald-700">
          <CheckCircle2 className="size-4" aria-hidden /> No problems: this workflow is ready to run.
        </p>
      ) : (
        <ul className="flex-1 overflow-y-auto text-sm" aria-label="Problem list">
          {problems.slice(0, 500).map((p, i) => (
            <li key={`${p.path}-${i}`}>
              <button
                type="button"
                disabled={!p.nodeId}
                onClick={() => p.nodeId && onSelect(p.nodeId)}
                className="flex w-full items-start gap-2 px-3 py-1 text-left hover:bg-slate-50 disabled:cursor-default"
              >
                {p.severity === "error" ? <XCircle className="mt-0.5 size-4 shrink-0 text-red-600" aria-label="error" /> : <AlertTriangle className="mt-0.5 size-4 shrink-0 text-amber-600" aria-label="warning" />}
                <span className="min-w-0">
                  {p.nodeId ? <span className="font-medium text-slate-900">{names.get(p.nodeId) ?? p.nodeId}: </span> : null}
                  <span className="text-slate-700">{p.message}</span>
                  <span className="ml-2 font-mono text-xs text-slate-400">{p.path}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
