import { Trash2 } from "lucide-react";
import Link from "next/link";
import { Ago } from "@/components/runs/time-text";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { ProviderName } from "./provider-name";
import type { ResourceRow, ResourceStatus } from "./types";

const STATUS_TONES: Record<ResourceStatus, "neutral" | "blue" | "green" | "amber" | "red" | "violet"> = {
  creating: "blue",
  ready: "green",
  updating: "blue",
  deleting: "amber",
  deleted: "neutral",
  failed: "red",
  lost: "red",
};

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });

export function ResourcesTable({ items, now, onTeardown }: { items: ResourceRow[]; now: number | null; onTeardown?: (resource: ResourceRow) => void }) {
  return (
    <Table>
      <thead>
        <tr>
          <Th>Resource</Th>
          <Th>Provider</Th>
          <Th>Status</Th>
          <Th className="text-right whitespace-nowrap">Cost / hour</Th>
          <Th>Created</Th>
          {onTeardown ? (
            // relative: keeps the visually hidden label inside the scrolling table.
            <Th className="relative text-right">
              <span className="sr-only">Actions</span>
            </Th>
          ) : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((r) => (
          <tr key={r.id} className={r.status === "deleted" ? "opacity-60" : "hover:bg-slate-50/60"}>
            <Td className="max-w-64">
              <div className="truncate font-medium text-slate-900">{r.name}</div>
              <div className="truncate text-xs text-slate-500" title={r.externalId}>
                <span className="font-mono">{r.type}</span> · <span className="font-mono">{r.externalId}</span>
              </div>
            </Td>
            <Td className="text-xs whitespace-nowrap">
              <ProviderName provider={r.provider} />
              <div className="mt-0.5 text-slate-500">{r.region}</div>
            </Td>
            <Td>
              <Badge tone={STATUS_TONES[r.status]}>{r.status}</Badge>
            </Td>
            <Td className="text-right text-xs whitespace-nowrap tabular-nums">{money.format(r.costPerHour)}</Td>
            <Td className="text-xs">
              <Ago date={r.createdAt} now={now} />
              {r.runId ? (
                <div className="max-w-56 truncate text-slate-500">
                  by{" "}
                  <Link href={`/runs/${r.runId}`} className="text-brand-700 hover:underline">
                    {r.workflowName ?? `run ${r.runId.slice(0, 8)}`}
                  </Link>
                  {r.stepId ? (
                    <>
                      {" "}
                      · step <span className="font-mono">{r.stepId}</span>
                    </>
                  ) : null}
                </div>
              ) : null}
            </Td>
            {onTeardown ? (
              <Td className="text-right">
                {r.status === "deleted" ? null : (
                  <Button variant="ghost" size="sm" className="text-red-700" aria-label={`Teardown ${r.name}`} onClick={() => onTeardown(r)}>
                    <Trash2 className="size-4" aria-hidden /> Teardown
                  </Button>
                )}
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
