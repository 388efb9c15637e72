import { memo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { formatValue } from "./format";
import type { RunEvent } from "./types";

/** The facts of the payload a person cares about, in one line. */
function details(payload: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof payload.attempt === "number") parts.push(`attempt ${payload.attempt}`);
  if (typeof payload.by === "string") parts.push(`by ${payload.by}`);
  if (typeof payload.comment === "string" && payload.comment) parts.push(`“${payload.comment}”`);
  if (typeof payload.retryAt === "number") parts.push(`retry at ${new Date(payload.retryAt).toLocaleTimeString()}`);
  if (payload.error !== undefined) parts.push(formatValue(payload.error));
  return parts.join(" · ");
}

const PAGE = 100;

/**
 * The run's history in order: what happened, when, to which step. A long history shows its latest 100
 * entries first (a live run appends at the bottom); earlier ones come a page at a time.
 */
export const RunEvents = memo(function RunEvents({ events, stepNames, isMounted }: { events: RunEvent[]; stepNames: ReadonlyMap<string, string>; isMounted: boolean }) {
  const [shown, setShown] = useState(PAGE);
  if (events.length === 0) return <p className="text-sm text-slate-500">Nothing has happened yet: the run is waiting for a worker.</p>;
  const hidden = Math.max(0, events.length - shown);
  const visible = hidden > 0 ? events.slice(hidden) : events;
  return (
    <>
      {hidden > 0 ? (
        <div className="mb-2 flex items-center gap-3 text-sm text-slate-600">
          <span>
            {hidden} earlier {hidden === 1 ? "entry" : "entries"} not shown.
          </span>
          <Button variant="secondary" onClick={() => setShown((n) => n + PAGE * 5)}>
            Show {Math.min(hidden, PAGE * 5)} more
          </Button>
        </div>
      ) : null}
      <Table aria-label="History">
      <thead>
        <tr>
          <Th className="w-14">#</Th>
          <Th className="w-32">Time</Th>
          <Th>Event</Th>
          <Th>Step</Th>
          <Th className="hidden md:table-cell">Details</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {visible.map((e) => (
          <tr key={e.id}>
            <Td className="text-xs text-slate-500 tabular-nums">{e.seq}</Td>
            <Td className="text-xs whitespace-nowrap tabular-nums">
              {/* Local time only in the browser: the server's locale and zone are not the reader's. */}
              <time dateTime={e.at.toISOString()} title={isMounted ? e.at.toLocaleString() : undefined}>
                {isMounted ? e.at.toLocaleTimeString() : "\u00a0"}
              </time>
            </Td>
            <Td className="font-mono text-xs">{e.type}</Td>
            <Td className="text-xs">{e.stepId ? (stepNames.get(e.stepId) ?? e.stepId) : <span className="text-slate-400">—</span>}</Td>
            <Td className="hidden max-w-md text-xs break-words text-slate-600 md:table-cell">{isMounted ? details(e.payload) : null}</Td>
          </tr>
        ))}
      </tbody>
      </Table>
    </>
  );
});
