import { StepStatusBadge } from "./status-badge";
import { Ago, Duration } from "./time-text";
import type { StepAttempt } from "./types";

function Block({ label, children, tone = "neutral" }: { label: string; children: string; tone?: "neutral" | "red" }) {
  return (
    <div>
      <div className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</div>
      <pre
        tabIndex={0}
        className={
          tone === "red"
            ? "max-h-48 overflow-auto rounded-md border border-red-200 bg-red-50 p-2.5 font-mono text-xs whitespace-pre-wrap text-red-900"
            : "max-h-72 overflow-auto rounded-md border border-slate-200 bg-slate-900 p-2.5 font-mono text-xs text-slate-100"
        }
      >
        {children}
      </pre>
    </div>
  );
}

/** Every attempt of one step: its status and timing, then its error, output and log lines. */
export function StepAttempts({ attempts, now }: { attempts: StepAttempt[]; now: number | null }) {
  if (attempts.length === 0) return <p className="text-sm text-slate-500">This step has not started.</p>;
  return (
    <ol className="space-y-4">
      {[...attempts].reverse().map((a) => (
        <li key={a.id} className="space-y-2">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <span className="font-medium text-slate-900">Attempt {a.attempt}</span>
            <StepStatusBadge status={a.status === "failed" && a.notBefore ? "retrying" : a.status} />
            <span className="text-xs text-slate-500">
              started <Ago date={a.startedAt} now={now} />
            </span>
            <span className="text-xs text-slate-500">
              took <Duration startedAt={a.startedAt} finishedAt={a.finishedAt} now={now} />
            </span>
            {a.notBefore && a.status === "failed" ? (
              <span className="text-xs text-amber-700">
                next attempt <Ago date={a.notBefore} now={now} />
              </span>
            ) : null}
          </div>
          {a.error ? (
            <Block label="Error" tone="red">
              {a.error}
            </Block>
          ) : null}
          {a.output && Object.keys(a.output).length > 0 ? <Block label="Output">{JSON.stringify(a.output, null, 2)}</Block> : null}
          {a.logs.length > 0 ? <Block label={`Logs (${a.logs.length})`}>{a.logs.join("\n")}</Block> : null}
        </li>
      ))}
    </ol>
  );
}
