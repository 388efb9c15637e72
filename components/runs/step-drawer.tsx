"use client";
import { X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { getStep } from "@/lib/catalog";
import { redact } from "@/server/audit/redact";
import { StepStatusBadge } from "./status-badge";
import { durationBetween, formatDuration } from "./format";
import type { StepRow } from "./step-rows";
import type { LiveLogs } from "./use-live-run";
import type { PolicyDecision } from "./run-policy";
import { StepDecisions } from "./step-decisions";

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * One step of the run, beside the graph: its attempts with their timing and errors, its settings and its
 * outputs (secret-looking fields redacted — outputs already on the server), its policy decisions, and the log of the chosen
 * attempt, streaming while it runs. Escape closes it.
 */
export function StepDrawer({ row, now, liveLogs, decisions, onClose }: { row: StepRow; now: number | null; liveLogs: LiveLogs; decisions: readonly PolicyDecision[]; onClose: () => void }) {
  const latest = row.attempts.at(-1);
  const [chosen, setChosen] = useState<number | null>(null);
  const attempt = row.attempts.find((a) => a.attempt === chosen) ?? latest;
  const stored = attempt?.logs ?? [];
  const lines = stored.length > 0 ? stored : attempt ? (liveLogs[`${row.node.id}:${attempt.attempt}`] ?? []) : [];
  const logRef = useRef<HTMLPreElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => closeRef.current?.focus(), [row.node.id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  // Follow the log while it grows, unless the reader scrolled up.
  useEffect(() => {
    const el = logRef.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 60) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  return (
    <aside role="dialog" aria-modal="false" aria-labelledby="step-drawer-title" className="fixed inset-y-0 right-0 z-40 flex w-full max-w-xl flex-col border-l border-slate-200 bg-white shadow-xl" data-testid="step-drawer">
      <header className="flex items-start justify-between gap-3 border-b border-slate-200 px-5 py-4">
        <div className="min-w-0">
          <h2 id="step-drawer-title" className="truncate text-base font-semibold text-slate-900">
            {row.node.name}
          </h2>
          <p className="text-xs text-slate-500">
            {getStep(row.node.type)?.title ?? row.node.type} · <code>{row.node.id}</code>
          </p>
        </div>
        <div className="flex items-center gap-2">
          <StepStatusBadge status={row.status} />
          <button ref={closeRef} type="button" onClick={onClose} className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900" aria-label="Close step details">
            <X className="size-4" aria-hidden />
          </button>
        </div>
      </header>
      <div className="flex-1 space-y-5 overflow-y-auto px-5 py-4 text-sm">
        <section aria-labelledby="drawer-attempts">
          <h3 id="drawer-attempts" className="mb-1.5 font-medium text-slate-900">
            Attempts
          </h3>
          {row.attempts.length === 0 ? (
            <p className="text-slate-500">Not started{row.status === "skipped" ? ": skipped" : ""}.</p>
          ) : (
            <table className="w-full text-left text-xs">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-1 font-medium">#</th>
                  <th className="py-1 font-medium">Status</th>
                  <th className="py-1 font-medium">Started</th>
                  <th className="py-1 font-medium">Duration</th>
                </tr>
              </thead>
              <tbody>
                {row.attempts.map((a) => {
                  const ms = durationBetween(a.startedAt, a.finishedAt, now ?? undefined);
                  return (
                    <tr key={a.attempt} className={a.attempt === attempt?.attempt ? "bg-brand-50" : undefined}>
                      <td className="py-1">
                        <button type="button" className="underline-offset-2 hover:underline" onClick={() => setChosen(a.attempt)} aria-label={`Show attempt ${a.attempt}`}>
                          {a.attempt}
                        </button>
                      </td>
                      <td className="py-1">
                        {a.status}
                        {a.error ? <span className="block text-red-700">{a.error}</span> : null}
                      </td>
                      <td className="py-1 tabular-nums">{a.startedAt ? a.startedAt.toLocaleTimeString() : "—"}</td>
                      <td className="py-1 tabular-nums">{ms === null ? "—" : formatDuration(ms)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <StepDecisions decisions={decisions} />
        <section aria-labelledby="drawer-settings">
          <h3 id="drawer-settings" className="mb-1.5 font-medium text-slate-900">
            Settings
          </h3>
          <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs">{json(redact(row.node.config))}</pre>
        </section>
        <section aria-labelledby="drawer-output">
          <h3 id="drawer-output" className="mb-1.5 font-medium text-slate-900">
            Output
          </h3>
          {attempt?.output ? <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs">{json(attempt.output)}</pre> : <p className="text-slate-500">No output{attempt ? " from this attempt" : ""}.</p>}
        </section>
        <section aria-labelledby="drawer-log">
          <h3 id="drawer-log" className="mb-1.5 font-medium text-slate-900">
            Log {attempt ? `(attempt ${attempt.attempt})` : null}
          </h3>
          {lines.length === 0 ? (
            <p className="text-slate-500">{attempt?.status === "running" ? "Waiting for output…" : "Nothing was logged."}</p>
          ) : (
            <pre ref={logRef} className="max-h-72 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100" data-testid="step-log" aria-live="polite">
              {lines.join("\n")}
            </pre>
          )}
        </section>
      </div>
    </aside>
  );
}
