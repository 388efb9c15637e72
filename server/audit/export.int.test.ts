import { parse } from "csv-parse/sync";
import { desc, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/audit/export/route";
import { auditLog, type AuditEntry } from "@/db/schema";
import { AUDIT_EXPORT_LIMIT, listAuditInput } from "@/lib/audit/schemas";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";
import { listAudit } from "../services/audit";
import { AUDIT_CSV_COLUMNS } from "./csv";
import { handleAuditExport } from "./export-http";

const getDatabase = withTestDatabase();
const db = () => getDatabase().db;
const cookies: Record<"admin" | "operator" | "viewer", string> = { admin: "", operator: "", viewer: "" };
const admin = { id: "", email: "" };
const WINDOW = { from: "2003-01-01T00:00:00Z", to: "2003-12-31T23:59:59Z" };

// Rows anyone can put text into (an e-mail typed at sign-in, a user agent): commas, quotes, line breaks,
// and cells a spreadsheet would run as formulas.
const TRICKY = {
  actorEmail: 'eve,"the hacker"@x.test',
  action: "=cmd|' /C calc'!A0",
  target: "+1 line\nsecond line",
  errorCode: "@SUM(1)",
  ip: "-2+3",
  userAgent: 'Mozilla "quoted", with comma\r\nand CRLF',
  input: { note: 'a,b\n"c"', formula: "=1+1" },
};

beforeAll(async () => {
  for (const role of ["admin", "operator", "viewer"] as const) {
    const user = await createTestUser(db(), role);
    cookies[role] = await sessionCookie(user.id);
    if (role === "admin") Object.assign(admin, { id: user.id, email: user.email });
  }
  const month = (m: number) => new Date(Date.UTC(2003, m, 1));
  await db()
    .insert(auditLog)
    .values([
      { at: month(0), actorEmail: "plain@test.local", actorRole: "admin", action: "users.create", target: "u-1", outcome: "success", input: { name: "Plain" } },
      { at: month(1), actorRole: "operator", outcome: "denied", ...TRICKY },
      { at: month(2), actorEmail: "ops@test.local", actorRole: "operator", action: "runs.start", outcome: "denied", errorCode: "FORBIDDEN" },
      { at: month(3), action: "users.resetPassword", outcome: "error", errorCode: "BAD_REQUEST", input: null },
    ]);
});

function exportRequest(query: Record<string, string>, cookie?: string) {
  const headers = new Headers({ "user-agent": "export-test/1.0", "x-forwarded-for": "192.0.2.44" });
  if (cookie) headers.set("cookie", cookie);
  return GET(new NextRequest(`http://localhost/api/audit/export?${new URLSearchParams(query)}`, { headers }));
}

async function listed(filters: Record<string, string>): Promise<AuditEntry[]> {
  return (await listAudit(db(), listAuditInput.parse({ ...filters, pageSize: 100 }))).items;
}

async function lastExportRecord() {
  const [row] = await db().select().from(auditLog).where(eq(auditLog.action, "audit.export")).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(1);
  return row!;
}

/** What a spreadsheet-safe CSV cell must read back as, written independently of the encoder. */
const asCell = (value: string | null) => (value === null ? "" : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

describe("audit export: who may", () => {
  it("refuses operators and viewers (403) and anonymous callers (401), and records each attempt", async () => {
    for (const role of ["operator", "viewer"] as const) {
      const res = await exportRequest({ format: "csv", action: "users" }, cookies[role]);
      expect(res.status).toBe(403);
      expect(res.headers.get("content-disposition")).toBeNull();
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(`Your role (${role}) may not export the audit log.`);
      expect(await lastExportRecord()).toMatchObject({ actorRole: role, outcome: "denied", errorCode: "FORBIDDEN", input: { format: "csv", action: "users" } });
    }
    const anonymous = await exportRequest({ format: "json" });
    expect(anonymous.status).toBe(401);
    expect(await lastExportRecord()).toMatchObject({ actorId: null, outcome: "denied", errorCode: "UNAUTHORIZED" });
  });

  it("refuses bad filters with a clear message, naming the field", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ format: "csv", from: "2003-02-01T00:00:00Z", to: "2003-01-01T00:00:00Z" }, "to", "“To” must be the same as or later than “From”."],
      [{ format: "xml" }, "format", "Format must be csv or json."],
      [{}, "format", "Format must be csv or json."],
      [{ format: "json", outcome: "maybe" }, "outcome", "Outcome must be one of success, denied, error."],
      [{ format: "json", from: "last tuesday" }, "from", "From must be a date and time (ISO 8601, e.g. 2026-12-04T09:30:00Z)."],
    ];
    for (const [query, field, message] of cases) {
      const res = await exportRequest(query, cookies.admin);
      expect(res.status, JSON.stringify(query)).toBe(400);
      const body = (await res.json()) as { error: { message: string; fieldErrors: Record<string, string> } };
      expect(body.error.message).toBe(message);
      expect(body.error.fieldErrors[field]).toBe(message);
      expect(await lastExportRecord()).toMatchObject({ actorId: admin.id, outcome: "error", errorCode: "BAD_REQUEST" });
    }
  });
});

describe("audit export: what an admin gets", () => {
  it("CSV: every filtered row, parsed back by a real CSV parser to the same values, formulas defused", async () => {
    const res = await exportRequest({ format: "csv", ...WINDOW }, cookies.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="stratus-audit-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    const records = parse<Record<(typeof AUDIT_CSV_COLUMNS)[number], string>>(text, { columns: true });
    expect(text.split("\r\n")[0]).toBe(AUDIT_CSV_COLUMNS.join(","));

    const rows = await listed(WINDOW);
    expect(rows).toHaveLength(4);
    expect(records).toEqual(
      rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor_email: asCell(r.actorEmail),
        actor_role: asCell(r.actorRole),
        actor_id: asCell(r.actorId),
        action: asCell(r.action),
        target: asCell(r.target),
        outcome: r.outcome,
        error_code: asCell(r.errorCode),
        ip: asCell(r.ip),
        user_agent: asCell(r.userAgent),
        input: r.input === null ? "" : JSON.stringify(r.input),
      })),
    );
    const tricky = records.find((r) => r.actor_email === TRICKY.actorEmail)!;
    expect(tricky).toMatchObject({ action: `'${TRICKY.action}`, target: `'${TRICKY.target}`, error_code: "'@SUM(1)", ip: "'-2+3", user_agent: TRICKY.userAgent });
    expect(JSON.parse(tricky.input)).toEqual(TRICKY.input);
  });

  it("CSV and JSON apply the same filters as the list", async () => {
    const filters = { ...WINDOW, outcome: "denied", actor: "test.local" };
    const expected = (await listed(filters)).map((r) => r.id);
    expect(expected).toHaveLength(1);
    const csv = parse<{ id: string }>(await (await exportRequest({ format: "csv", ...filters }, cookies.admin)).text(), { columns: true });
    expect(csv.map((r) => r.id)).toEqual(expected);
    const json = (await (await exportRequest({ format: "json", ...filters }, cookies.admin)).json()) as { rows: { id: string }[] };
    expect(json.rows.map((r) => r.id)).toEqual(expected);
  });

  it("JSON: the same rows with their values, the filters and whether the limit cut it", async () => {
    const res = await exportRequest({ format: "json", ...WINDOW }, cookies.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="stratus-audit-[\dT-]+Z\.json"$/);
    const body = (await res.json()) as { exportedAt: string; filters: unknown; matching: number; limit: number; isTruncated: boolean; rows: unknown[] };
    expect(body).toMatchObject({ filters: WINDOW, matching: 4, limit: AUDIT_EXPORT_LIMIT, isTruncated: false });
    expect(Date.parse(body.exportedAt)).toBeGreaterThan(Date.now() - 60_000);
    const rows = await listed(WINDOW);
    expect(body.rows).toEqual(rows.map((r) => ({ ...r, at: r.at.toISOString() })));
  });

  it("records the export itself, with its filters and row count, before any row leaves", async () => {
    const res = await exportRequest({ format: "json", ...WINDOW, action: "users" }, cookies.admin);
    const record = await lastExportRecord();
    expect(record).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      actorRole: "admin",
      outcome: "success",
      ip: "192.0.2.44",
      userAgent: "export-test/1.0",
      input: { format: "json", ...WINDOW, action: "users", matching: 2, rows: 2 },
    });
    expect(((await res.json()) as { rows: unknown[] }).rows).toHaveLength(2);
    // The file is the log as it was when asked for: an export's own record shows up in the next one.
    const first = (await (await exportRequest({ format: "json" }, cookies.admin)).json()) as { rows: { id: string }[] };
    const firstRecord = await lastExportRecord();
    expect(first.rows.map((r) => r.id)).not.toContain(firstRecord.id);
    expect(first.rows[0]!.id).toBe(record.id);
    const second = (await (await exportRequest({ format: "json" }, cookies.admin)).json()) as { rows: { id: string }[] };
    expect(second.rows[0]!.id).toBe(firstRecord.id);
    expect(second.rows.length).toBe(first.rows.length + 1);
  });

  it("stops at the row limit, newest first, and says so in the headers, the file and the record", async () => {
    // The route uses AUDIT_EXPORT_LIMIT (100,000); a small limit proves the same code path quickly.
    const limit = 5;
    await db()
      .insert(auditLog)
      .values(Array.from({ length: limit + 2 }, (_, i) => ({ at: new Date(Date.UTC(2004, 0, 1, 0, i)), action: "bulk.row", outcome: "success" as const, target: `n${i}` })));
    const request = (format: string) =>
      handleAuditExport(new NextRequest(`http://localhost/api/audit/export?format=${format}&action=bulk.row`, { headers: { cookie: cookies.admin } }), { db, limit });
    const res = await request("csv");
    expect(res.headers.get("x-stratus-export-matching")).toBe(String(limit + 2));
    expect(res.headers.get("x-stratus-export-rows")).toBe(String(limit));
    expect(res.headers.get("x-stratus-export-truncated")).toBe("true");
    const records = parse<{ target: string }>(await res.text(), { columns: true });
    expect(records.map((r) => r.target)).toEqual(["n6", "n5", "n4", "n3", "n2"]);
    expect((await lastExportRecord()).input).toMatchObject({ action: "bulk.row", matching: limit + 2, rows: limit });
    const json = (await (await request("json")).json()) as { matching: number; limit: number; isTruncated: boolean; rows: unknown[] };
    expect(json).toMatchObject({ matching: limit + 2, limit, isTruncated: true });
    expect(json.rows).toHaveLength(limit);
  });
});
