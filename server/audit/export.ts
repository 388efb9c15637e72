import "server-only";
import type { Db } from "@/db/client";
import type { AuditEntry } from "@/db/schema";
import type { AuditExportFormat, AuditFilters } from "@/lib/audit/schemas";
import { auditRowsByIds } from "../services/audit";
import { AUDIT_CSV_COLUMNS, auditCsvRecord, csvLine } from "./csv";

/** `ids`: the rows to write, newest first, chosen when the export was asked for (matchingAuditIds). */
export type ExportMeta = { exportedAt: Date; filters: AuditFilters; matching: number; limit: number; ids: readonly string[] };

function jsonRecord(entry: AuditEntry): string {
  const { id, at, actorEmail, actorRole, actorId, action, target, outcome, errorCode, ip, userAgent, input } = entry;
  return JSON.stringify({ id, at: at.toISOString(), actorEmail, actorRole, actorId, action, target, outcome, errorCode, ip, userAgent, input });
}

/**
 * The file's text, piece by piece: CSV (a header line, then one record per row) or one JSON object whose
 * `rows` come last, after what was asked for and whether the limit cut the list.
 */
async function* exportPieces(db: Db, format: AuditExportFormat, meta: ExportMeta): AsyncGenerator<string> {
  const rows = auditRowsByIds(db, meta.ids);
  if (format === "csv") {
    yield csvLine(AUDIT_CSV_COLUMNS);
    for await (const chunk of rows) yield chunk.map(auditCsvRecord).join("");
    return;
  }
  const head = {
    exportedAt: meta.exportedAt.toISOString(),
    filters: meta.filters,
    matching: meta.matching,
    limit: meta.limit,
    isTruncated: meta.matching > meta.limit,
  };
  yield `${JSON.stringify(head).slice(0, -1)},"rows":[`;
  let first = true;
  for await (const chunk of rows) {
    yield `${first ? "\n" : ",\n"}${chunk.map(jsonRecord).join(",\n")}`;
    first = false;
  }
  yield "\n]}\n";
}

/** A byte stream of the export that reads the next chunk of rows only when the client has taken the last. */
export function exportStream(db: Db, format: AuditExportFormat, meta: ExportMeta): ReadableStream<Uint8Array> {
  const pieces = exportPieces(db, format, meta);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // Headers are gone already: cutting the stream makes the download fail instead of ending short.
        console.error("[audit] export failed:", error instanceof Error ? error.message : error);
        controller.error(new Error("The export failed; see the server log."));
      }
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}
