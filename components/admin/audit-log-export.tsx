"use client";
import { Download } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { downloadBlob } from "@/components/ui/download";
import { useToast } from "@/components/ui/toast";
import { AUDIT_EXPORT_FORMATS, AUDIT_EXPORT_LIMIT, type AuditExportFormat } from "@/lib/audit/schemas";
import { auditSearchParams, type RawAuditFilters } from "@/lib/audit/search-params";

const number = new Intl.NumberFormat("en");

/**
 * "Export CSV" / "Export JSON" of every row the current filters match (not only this page), through
 * /api/audit/export. Fetched rather than linked, so a refusal shows as a message instead of a saved error.
 */
export function AuditLogExport({ filters, total, isDisabled }: { filters: RawAuditFilters; total: number | undefined; isDisabled: boolean }) {
  const toast = useToast();
  const [busy, setBusy] = useState<AuditExportFormat | null>(null);

  async function exportAs(format: AuditExportFormat) {
    setBusy(format);
    try {
      const res = await fetch(`/api/audit/export?${auditSearchParams(filters, { format })}`, { cache: "no-store" });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        toast.error(body?.error?.message ?? `The export failed (HTTP ${res.status}). Please try again.`);
        return;
      }
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `stratus-audit.${format}`;
      downloadBlob(name, blob);
      const rows = Number(res.headers.get("x-stratus-export-rows") ?? 0);
      toast.success(`Exported ${number.format(rows)} ${rows === 1 ? "entry" : "entries"} as ${format.toUpperCase()}.`);
    } catch {
      toast.error("The export could not be downloaded. Check your connection and try again.");
    } finally {
      setBusy(null);
    }
  }

  const isCut = total !== undefined && total > AUDIT_EXPORT_LIMIT;
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <p className={isCut ? "text-sm text-amber-800" : "text-xs text-slate-500"}>
        {isCut
          ? `Only the newest ${number.format(AUDIT_EXPORT_LIMIT)} of ${number.format(total)} matching entries will be exported; narrow the filters for the rest.`
          : `Exports hold every matching entry, newest first (at most ${number.format(AUDIT_EXPORT_LIMIT)}).`}
      </p>
      {AUDIT_EXPORT_FORMATS.map((format) => (
        <Button key={format} variant="secondary" isLoading={busy === format} disabled={isDisabled || busy !== null} onClick={() => void exportAs(format)}>
          {busy === format ? null : <Download className="size-4" aria-hidden />} Export {format.toUpperCase()}
        </Button>
      ))}
    </div>
  );
}
