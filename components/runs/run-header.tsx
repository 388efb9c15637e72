import Link from "next/link";
import type { ReactNode } from "react";
import { formatValue, parentOfTrigger, triggerLabel } from "./format";
import { RunStatusBadge } from "./status-badge";
import { Ago, Duration } from "./time-text";
import type { RunDetailData } from "./types";

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 truncate text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** What ran, when, for how long, started by whom and with which inputs. */
export function RunHeader({ run, now, actions }: { run: RunDetailData; now: number | null; actions: ReactNode }) {
  const inputs = Object.entries(run.inputs);
  const declared = new Map(run.definition.inputs.map((i) => [i.name, i.label?.trim() || i.name]));
  return (
    <header className="mb-6 space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm text-slate-500">
            <Link href="/runs" className="hover:text-brand-700 hover:underline">
              Runs
            </Link>{" "}
            / <span className="font-mono text-xs">{run.id.slice(0, 8)}</span>
          </p>
          <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
            <Link href={`/workflows/${run.workflowId}`} className="hover:text-brand-700 hover:underline">
              {run.workflowName}
            </Link>
            <span className="font-mono text-base font-normal text-slate-500">v{run.versionNumber}</span>
            <RunStatusBadge status={run.status} />
          </h1>
        </div>
        <div className="flex flex-wrap items-center gap-2">{actions}</div>
      </div>
      {run.error ? (
        <p role="status" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {run.error}
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6">
        <Item label="Started">{run.startedAt ? <Ago date={run.startedAt} now={now} /> : "Not yet"}</Item>
        <Item label="Finished">{run.finishedAt ? <Ago date={run.finishedAt} now={now} /> : "—"}</Item>
        <Item label="Duration">
          <Duration startedAt={run.startedAt} finishedAt={run.finishedAt} now={now} />
        </Item>
        <Item label="Trigger">
          {parentOfTrigger(run.trigger) ? (
            <Link className="text-sky-700 underline-offset-2 hover:underline" href={`/runs/${parentOfTrigger(run.trigger)!.runId}`}>
              {triggerLabel(run.trigger)}
            </Link>
          ) : (
            triggerLabel(run.trigger)
          )}
        </Item>
        <Item label="Started by">{run.actor ?? "—"}</Item>
        <Item label="Run id">
          <span className="font-mono text-xs" title={run.id}>
            {run.id}
          </span>
        </Item>
      </dl>
      <section aria-labelledby="run-inputs-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="run-inputs-title" className="text-sm font-semibold text-slate-900">
          Inputs
        </h2>
        {inputs.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">This run has no inputs.</p>
        ) : (
          <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-3">
            {inputs.map(([name, value]) => (
              <div key={name} className="flex min-w-0 gap-2 text-sm">
                <dt className="shrink-0 text-slate-500">{declared.get(name) ?? name}</dt>
                <dd className="truncate font-mono text-xs leading-5 text-slate-900" title={formatValue(value)}>
                  {formatValue(value)}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </header>
  );
}
