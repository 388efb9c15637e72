import type { ReactNode } from "react";
import type { AuditRow } from "./audit-log-table";

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="min-w-0 text-sm wrap-anywhere text-slate-800">{children ?? <span className="text-slate-400">—</span>}</dd>
    </div>
  );
}

/** Everything recorded about one entry; the input was redacted on the server before it was stored. */
export function AuditLogDetail({ entry }: { entry: AuditRow }) {
  const actor = entry.actorEmail
    ? `${entry.actorEmail}${entry.actorRole ? ` (${entry.actorRole})` : ""}${entry.actorId ? "" : " — user since deleted"}`
    : "anonymous (not signed in)";
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <dl>
        <Item label="Entry id">
          <code className="text-xs">{entry.id}</code>
        </Item>
        <Item label="Time">
          {entry.at.toLocaleString()} <span className="text-xs text-slate-500">({entry.at.toISOString()})</span>
        </Item>
        <Item label="Actor">{actor}</Item>
        <Item label="Actor id">{entry.actorId ? <code className="text-xs">{entry.actorId}</code> : null}</Item>
        <Item label="Action">
          <code className="text-xs">{entry.action}</code>
        </Item>
        <Item label="Target">{entry.target ? <code className="text-xs">{entry.target}</code> : null}</Item>
        <Item label="Outcome">{entry.outcome}</Item>
        <Item label="Error code">{entry.errorCode}</Item>
        <Item label="IP address">{entry.ip}</Item>
        <Item label="User agent">{entry.userAgent}</Item>
      </dl>
      <div>
        <h3 className="mb-1 text-xs font-medium text-slate-500">Input (secrets redacted)</h3>
        {entry.input === null || entry.input === undefined ? (
          <p className="text-sm text-slate-400">No input recorded.</p>
        ) : (
          <pre className="max-h-80 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(entry.input, null, 2)}</pre>
        )}
      </div>
    </div>
  );
}
