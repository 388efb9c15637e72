import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/trpc/[trpc]/route";
import { auditLog } from "@/db/schema";
import { listAuditInput, type AuditFilters } from "@/lib/audit/schemas";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";
import { auditRowsByIds, listAudit, listAuditActions, matchingAuditIds } from "./audit";

const getDatabase = withTestDatabase();
const db = () => getDatabase().db;
const at = (minute: number) => new Date(Date.UTC(2001, 0, 1, 10, minute));

// A fixed little history, all on 2001-01-01 (nothing else in this file's database is that old).
const SEEDS = [
  { key: "alice-create", actorEmail: "alice@corp.test", action: "users.create", target: "u-1", outcome: "success", at: at(0) },
  { key: "alice-role", actorEmail: "Alice@Corp.test", action: "users.setRole", target: "u-2", outcome: "denied", at: at(5) },
  { key: "bob-save", actorEmail: "bob@corp.test", action: "workflows.save", target: "wf-ABC", outcome: "error", at: at(10) },
  { key: "bob-create", actorEmail: "bob@corp.test", action: "users.create", target: "u-3", outcome: "success", at: at(15) },
  { key: "percent", actorEmail: "carol@corp.test", action: "policies.upsert", target: "50%_off", outcome: "success", at: at(20) },
  { key: "look-alike", actorEmail: "carol@corp.test", action: "policies.upsert", target: "50xyoff", outcome: "success", at: at(25) },
  { key: "anonymous", actorEmail: null, action: "users.resetPassword", target: null, outcome: "denied", at: at(30) },
] as const;
type Key = (typeof SEEDS)[number]["key"];
const ids = new Map<string, Key>();

beforeAll(async () => {
  for (const seed of SEEDS) {
    const { key, ...row } = seed;
    const [inserted] = await db()
      .insert(auditLog)
      .values({ ...row, actorRole: row.actorEmail ? "operator" : null, errorCode: row.outcome === "success" ? null : "X", input: { key } })
      .returning({ id: auditLog.id });
    ids.set(inserted!.id, key);
  }
});

/** The keys of the rows the list shows for these filters, in its order (newest first). */
async function keys(filters: AuditFilters, paging = { page: 1, pageSize: 100 }): Promise<Key[]> {
  const { items } = await listAudit(db(), listAuditInput.parse({ ...filters, ...paging }));
  return items.map((i) => ids.get(i.id)!);
}

describe("audit list filters", () => {
  it("by actor: a part of the e-mail, in any case", async () => {
    expect(await keys({ actor: "ALICE" })).toEqual(["alice-role", "alice-create"]);
    expect(await keys({ actor: "bob@corp" })).toEqual(["bob-create", "bob-save"]);
  });

  it("by action, target and outcome", async () => {
    expect(await keys({ action: "users.create" })).toEqual(["bob-create", "alice-create"]);
    expect(await keys({ action: "SETROLE" })).toEqual(["alice-role"]);
    expect(await keys({ target: "wf-abc" })).toEqual(["bob-save"]);
    expect(await keys({ outcome: "denied" })).toEqual(["anonymous", "alice-role"]);
    expect(await keys({ outcome: "error" })).toEqual(["bob-save"]);
  });

  it("combines filters (all must hold)", async () => {
    expect(await keys({ actor: "bob", outcome: "success" })).toEqual(["bob-create"]);
    expect(await keys({ actor: "alice", action: "workflows" })).toEqual([]);
  });

  it("takes %, _ and \\ literally", async () => {
    expect(await keys({ target: "50%_" })).toEqual(["percent"]);
    expect(await keys({ target: "50%" })).toEqual(["percent"]);
    expect(await keys({ action: "users_create" })).toEqual([]);
    expect(await keys({ target: "\\" })).toEqual([]);
  });

  it("by time range, both ends included", async () => {
    const iso = (minute: number) => at(minute).toISOString();
    expect(await keys({ from: iso(5), to: iso(15) })).toEqual(["bob-create", "bob-save", "alice-role"]);
    expect(await keys({ from: iso(25) })).toEqual(["anonymous", "look-alike"]);
    expect(await keys({ to: iso(0) })).toEqual(["alice-create"]);
    expect(await keys({ from: "2001-01-01T11:05:00+01:00", to: "2001-01-01T11:05:00+01:00" })).toEqual(["alice-role"]);
    expect(await keys({ from: iso(31) })).toEqual([]);
  });

  it("pages newest first with the total of all matches", async () => {
    const page = (n: number) => listAudit(db(), listAuditInput.parse({ to: at(59).toISOString(), page: n, pageSize: 3 }));
    const [one, two, three, four] = await Promise.all([page(1), page(2), page(3), page(4)]);
    for (const p of [one, two, three, four]) expect(p.total).toBe(SEEDS.length);
    expect(one.items.map((i) => ids.get(i.id))).toEqual(["anonymous", "look-alike", "percent"]);
    expect(two.items.map((i) => ids.get(i.id))).toEqual(["bob-create", "bob-save", "alice-role"]);
    expect(three.items.map((i) => ids.get(i.id))).toEqual(["alice-create"]);
    expect(four.items).toEqual([]);
    expect((await listAudit(db(), listAuditInput.parse({ outcome: "denied", pageSize: 1 }))).total).toBe(2);
  });

  it("reads the matching rows in chunks by id, in order, without skipping or repeating, even when timestamps tie", async () => {
    const tied = new Date(Date.UTC(2002, 5, 1));
    await db()
      .insert(auditLog)
      .values(Array.from({ length: 7 }, (_, i) => ({ at: tied, action: "chunk.tie", outcome: "success" as const, target: `t${i}` })));
    const ids = await matchingAuditIds(db(), { action: "chunk.tie" }, 100);
    expect(ids).toHaveLength(7);
    const chunks: string[][] = [];
    for await (const chunk of auditRowsByIds(db(), ids, 3)) chunks.push(chunk.map((r) => r.id));
    expect(chunks.map((c) => c.length)).toEqual([3, 3, 1]);
    expect(chunks.flat()).toEqual(ids);
    expect(await matchingAuditIds(db(), { action: "chunk.tie" }, 5)).toEqual(ids.slice(0, 5));
    expect(await matchingAuditIds(db(), { action: "users" }, 100)).toEqual(
      (await listAudit(db(), listAuditInput.parse({ action: "users", pageSize: 100 }))).items.map((i) => i.id),
    );
  });

  it("suggests the recorded action names", async () => {
    expect(await listAuditActions(db())).toEqual(expect.arrayContaining(["policies.upsert", "users.create", "users.resetPassword", "users.setRole", "workflows.save"]));
  });
});

describe("audit.list input over HTTP", () => {
  let cookie = "";
  beforeAll(async () => {
    cookie = await sessionCookie((await createTestUser(db(), "admin")).id);
  });
  async function list(input: unknown) {
    const query = encodeURIComponent(JSON.stringify({ json: input }));
    const res = await GET(new NextRequest(`http://localhost/api/trpc/audit.list?input=${query}`, { headers: { cookie } }));
    return { status: res.status, body: (await res.json()) as { result?: { data: { json: { total: number } } }; error?: { json: { message: string; data: { fieldErrors?: Record<string, string> } } } } };
  }

  it("refuses a range whose start is after its end, naming the field", async () => {
    const { status, body } = await list({ from: "2001-01-01T10:30:00Z", to: "2001-01-01T10:00:00Z" });
    expect(status).toBe(400);
    expect(body.error!.json.message).toBe("“To” must be the same as or later than “From”.");
    expect(body.error!.json.data.fieldErrors).toEqual({ to: "“To” must be the same as or later than “From”." });
  });

  it("refuses a time that is not ISO 8601, and accepts a valid range", async () => {
    const bad = await list({ from: "yesterday" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error!.json.data.fieldErrors!)).toEqual(["from"]);
    expect(bad.body.error!.json.data.fieldErrors!.from).toContain("From must be a date and time");
    const good = await list({ from: "2001-01-01T10:00:00Z", to: "2001-01-01T10:30:00Z", outcome: "denied" });
    expect(good.status).toBe(200);
    expect(good.body.result!.data.json.total).toBe(2);
  });
});
