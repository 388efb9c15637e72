"use client";
import { AlertTriangle, CheckCircle2, Info, ShieldAlert, XCircle } from "lucide-react";
import type { Problem } from "@/lib/workflow/validate";
import type { PolicyProblem } from "./use-policy-check";

type Entry = { key: string; severity: "error" | "warning" | "info"; nodeId?: string; message: string; detail: string; isPolicy: boolean };

const ICONS = {
  error: <XCircle className="mt-0.5 size-4 shrink-0 text-red-600" aria-label="error" />,
  warning: <AlertTriangle className="mt-0.5 size-4 shrink-0 text-amber-600" aria-label="warning" />,
  info: <Info className="mt-0.5 size-4 shrink-0 text-slate-500" aria-label="info" />,
};

/** Everything wrong with the draft, policy results included; clicking an entry selects its step. */
export function ProblemsPanel({ problems, policies = [], names, onSelect }: { problems: Problem[]; policies?: PolicyProblem[]; names: Map<string, string>; onSelect: (nodeId: string) => void }) {
  const entries: Entry[] = [
    ...policies.map((p, i) => ({ key: `policy-${p.nodeId}-${i}`, severity: p.severity, nodeId: p.nodeId, message: p.message, detail: `policy: ${p.policyName}`, isPolicy: true })),
    ...problems.map((p, i) => ({ key: `${p.path}-${i}`, severity: p.severity, nodeId: p.nodeId, message: p.message, detail: p.path, isPolicy: false })),
  ];
  const errors = entries.filter((p) => p.severity === "error").length;
  const warnings = entries.filter((p) => p.severity === "warning").length;
  const infos = entries.length - errors - warnings;
  return (
    <section aria-labelledby="problems-heading" className="flex h-full flex-col">
      <h2 id="problems-heading" className="flex items-center gap-2 border-b border-slate-200 px-3 py-1.5 text-xs font-semibold text-slate-700">
        Problems
        <span className={errors ? "text-red-600" : "text-slate-500"}>
          {errors} error{errors === 1 ? "" : "s"}, {warnings} warning{warnings === 1 ? "" : "s"}
          {infos ? `, ${infos} note${infos === 1 ? "" : "s"}` : ""}
        </span>
      </h2>
      {entries.length === 0 ? (
        <p className="flex items-center gap-2 px-3 py-2 text-sm text-emerald-700">
          <CheckCircle2 className="size-4" aria-hidden /> No problems: this workflow is ready to run.
        </p>
      ) : (
        <ul className="flex-1 overflow-y-auto text-sm" aria-label="Problem list">
          {entries.slice(0, 500).map((p) => (
            <li key={p.key}>
              <button
                type="button"
                disabled={!p.nodeId}
                onClick={() => p.nodeId && onSelect(p.nodeId)}
                className="flex w-full items-start gap-2 px-3 py-1 text-left hover:bg-slate-50 disabled:cursor-default"
              >
                {ICONS[p.severity]}
                <span className="min-w-0">
                  {p.nodeId ? <span className="font-medium text-slate-900">{names.get(p.nodeId) ?? p.nodeId}: </span> : null}
                  <span className="text-slate-700">{p.message}</span>
                  <span className="ml-2 font-mono text-xs text-slate-400">
                    {p.isPolicy ? <ShieldAlert className="mr-0.5 inline size-3" aria-hidden /> : null}
                    {p.detail}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
