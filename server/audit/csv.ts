import type { AuditEntry } from "@/db/schema";

/** The export's columns, in order; `input` is the (already redacted) call input as JSON text. */
export const AUDIT_CSV_COLUMNS = ["id", "at", "actor_email", "actor_role", "actor_id", "action", "target", "outcome", "error_code", "ip", "user_agent", "input"] as const;

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"): such a
// value, which anyone can put in the log (an e-mail typed at sign-in, a user agent), gets a leading quote.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field: quoted when it holds a comma, quote or line break; formulas defused. */
export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, ended by CRLF as RFC 4180 asks. */
export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function auditCsvRecord(entry: AuditEntry): string {
  return csvLine([
    entry.id,
    entry.at.toISOString(),
    entry.actorEmail,
    entry.actorRole,
    entry.actorId,
    entry.action,
    entry.target,
    entry.outcome,
    entry.errorCode,
    entry.ip,
    entry.userAgent,
    entry.input === null || entry.input === undefined ? null : JSON.stringify(entry.input),
  ]);
}
