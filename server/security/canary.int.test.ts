import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";
import { startEngine, stopEngine } from "../engine/executor";
import { createProviders } from "../providers";
import { killRecordedProcesses, makeDataDir, removeDataDir } from "../providers/local/test-support";
import type { ProviderDriver } from "../providers/types";
import { jsonOf, rowsOf } from "../metrics/rows";
import { getQueue, startQueue, stopQueue } from "../queue/boss";

/**
 * A credential secret holding a unique canary value, then the product used as an admin would: the canary
 * must never come back in an API answer, a log line, an audit row, a pg-boss job payload or anywhere in
 * the database in the clear. (The admin providers page's HTML is checked in e2e/security.spec.ts.)
 */
const CANARY = `canary-${randomUUID()}`;
const getDatabase = withTestDatabase();
const dataDir = makeDataDir("canary");
let providers: Record<string, ProviderDriver> = {};
let cookie = "";
let adminId = "";
/** Everything written to the console while this file runs. */
const logged: string[] = [];
/** Where the canary showed up: "<what>: <excerpt>". */
const leaks: string[] = [];
/** How many answers, rows and jobs were looked at, so a check that saw nothing cannot pass quietly. */
const seen = { answers: 0, auditRows: 0, jobs: 0 };

function inspect(what: string, text: string): void {
  const at = text.indexOf(CANARY);
  if (at >= 0) leaks.push(`${what}: …${text.slice(Math.max(0, at - 80), at + CANARY.length + 20)}…`);
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ""}\n${asText(value.cause)}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One call over HTTP through the real route handler; the whole answer is inspected. */
async function call(path: string, input: unknown, type: "query" | "mutation"): Promise<{ status: number; json: unknown }> {
  const headers = new Headers({ cookie, "content-type": "application/json", "user-agent": "canary-test" });
  const body = JSON.stringify(superjson.serialize(input));
  const res =
    type === "query"
      ? await GET(new NextRequest(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(body)}`, { headers }))
      : await POST(new NextRequest(`http://localhost/api/trpc/${path}`, { method: "POST", headers, body }));
  const text = await res.text();
  seen.answers += 1;
  inspect(`${type} ${path} (${res.status})`, text);
  for (const [name, value] of res.headers) inspect(`${path} header ${name}`, value);
  const parsed = JSON.parse(text) as { result?: { data: { json: unknown } } };
  return { status: res.status, json: parsed.result?.data.json };
}
const query = (path: string, input: unknown = {}) => call(path, input, "query");
const mutate = (path: string, input: unknown) => call(path, input, "mutation");

beforeAll(async () => {
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(asText).join(" ")));
  }
  const database = getDatabase();
  await startQueue(database);
  // Every payload pg-boss ever stores, even of jobs deleted once their step committed.
  await database.db.execute(sql`create table canary_jobs (payload text not null)`);
  await database.db.execute(sql`create function canary_capture() returns trigger language plpgsql as $$
    begin insert into canary_jobs values (row_to_json(new)::text); return new; end $$`);
  await database.db.execute(sql`create trigger canary_capture after insert or update on pgboss.job for each row execute function canary_capture()`);
  providers = createProviders({ db: database.db, dataDir, now: () => new Date() }, { sim: { latencyMs: 0 } });
  await startEngine({ db: database.db, boss: getQueue()!, providers });
  adminId = (await createTestUser(database.db, "admin")).id;
  cookie = await sessionCookie(adminId);
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  try {
    await stopEngine();
    await stopQueue();
    await providers.local?.close?.();
  } finally {
    killRecordedProcesses(dataDir);
    removeDataDir(dataDir);
  }
}, 60_000);

const at = { provider: "aws-sim", region: "us-east-1" };
const DEFINITION = {
  inputs: [],
  onFailure: "stop",
  nodes: [
    { id: "vpc", type: "vpc", name: "VPC", config: { ...at, name: "canary-vpc", cidr: "10.20.0.0/16" }, onError: "fail", position: { x: 0, y: 0 } },
    { id: "say", type: "notify", name: "Say", config: { channel: "log", message: "done" }, onError: "fail", position: { x: 300, y: 0 } },
  ],
  edges: [{ source: "vpc", target: "say", on: "success" }],
};

/** A small workflow on the simulated cloud, started and followed to its end through the API. */
async function runWorkflow(): Promise<string> {
  const text = JSON.stringify({ apiVersion: "stratus/v1", kind: "Workflow", name: "Canary run", description: "", definition: DEFINITION });
  const wf = (await mutate("workflows.import", { text, format: "json" })).json as { id: string };
  const run = (await mutate("runs.start", { workflowId: wf.id, inputs: {} })).json as { id: string };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { json } = await query("runs.get", { id: run.id });
    const status = (json as { status: string }).status;
    if (["succeeded", "failed", "cancelled", "rolled_back"].includes(status)) {
      expect(status).toBe("succeeded");
      return wf.id;
    }
    if (Date.now() > deadline) throw new Error(`the run is stuck in ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a credential secret never leaves the server", () => {
  it("is in no API answer, log line, audit row, job payload or database row in the clear", async () => {
    const db = getDatabase().db;
    // Stored, replaced, refused in every way a form can be wrong, and deleted.
    const created = await mutate("providerAccounts.create", { provider: "aws-sim", name: "Canary AWS", defaults: { region: "us-east-1" }, secrets: { accessKeyId: "AKIACANARY", secretAccessKey: CANARY } });
    expect(created.status).toBe(200);
    const id = (created.json as { id: string }).id;
    const gcp = await mutate("providerAccounts.create", { provider: "gcp-sim", name: "Canary GCP", secrets: { serviceAccountJson: JSON.stringify({ private_key: CANARY }) } });
    expect(gcp.status).toBe(200);
    expect((await mutate("providerAccounts.create", { provider: "aws-sim", name: "Canary AWS", secrets: { secretAccessKey: CANARY } })).status).toBe(409);
    expect((await mutate("providerAccounts.create", { provider: "aws-sim", name: "Bad field", secrets: { bogus: CANARY } })).status).toBe(400);
    expect((await mutate("providerAccounts.create", { provider: "gcp-sim", name: "Bad JSON", secrets: { serviceAccountJson: CANARY } })).status).toBe(400);
    expect((await mutate("providerAccounts.create", { provider: "aws-sim", name: "Too long", secrets: { secretAccessKey: CANARY.repeat(500) } })).status).toBe(400);
    expect((await mutate("providerAccounts.create", { provider: "aws-sim", name: 42, secrets: { secretAccessKey: CANARY } })).status).toBe(400);
    expect((await mutate("providerAccounts.update", { id, name: "Canary AWS 2", secrets: { secretAccessKey: `${CANARY}-2` } })).status).toBe(200);
    expect((await mutate("providerAccounts.update", { id, secrets: { accessKeyId: CANARY } })).status).toBe(200);
    expect((await mutate("providerAccounts.update", { id: randomUUID(), secrets: { secretAccessKey: CANARY } })).status).toBe(404);

    // The rest of the product, used as an admin would.
    const workflowId = await runWorkflow();
    const runId = ((await query("runs.list", {})).json as { items: { id: string }[] }).items[0]!.id;
    for (const [path, input] of [
      ["providerAccounts.list", {}],
      ["providerAccounts.get", { id }],
      ["me.get", {}],
      ["users.list", {}],
      ["users.get", { id: adminId }],
      ["audit.list", { pageSize: 100 }],
      ["audit.list", { action: "providerAccounts.create", pageSize: 100 }],
      ["workflows.list", {}],
      ["workflows.get", { id: workflowId }],
      ["workflows.versions", { id: workflowId }],
      ["workflows.version", { id: workflowId, number: 1 }],
      ["workflows.export", { id: workflowId, format: "yaml" }],
      ["runs.list", {}],
      ["runs.get", { id: runId }],
      ["resources.list", {}],
      ["metrics.kpis", { todayStart: new Date(Date.now() - 86_400_000) }],
      ["metrics.runsOverTime", {}],
      ["metrics.stepDurations", {}],
      ["metrics.resources", {}],
      ["metrics.recent", {}],
      ["egress.list", {}],
      ["policies.list", {}],
      ["policies.sampleFacts", {}],
      ["workflows.checkPolicies", { workflowId, definition: DEFINITION }],
    ] as const) {
      expect((await query(path, input)).status, path).toBe(200);
    }
    expect((await mutate("providerAccounts.delete", { id })).status).toBe(200);
    expect((await mutate("providerAccounts.delete", { id: (gcp.json as { id: string }).id })).status).toBe(200);

    const auditRows = rowsOf<{ row: string }>(await db.execute(sql`select row_to_json(a)::text as row from audit_log a`));
    for (const { row } of auditRows) inspect("audit_log", row);
    seen.auditRows = auditRows.length;
    const jobs = rowsOf<{ payload: string }>(await db.execute(sql`select payload from canary_jobs union all select row_to_json(j)::text from pgboss.job j`));
    for (const { payload } of jobs) inspect("pgboss.job", payload);
    seen.jobs = jobs.length;
    // And anywhere else in the database: the secret is stored only encrypted.
    const tables = rowsOf<{ name: string }>(
      await db.execute(sql`select format('%I.%I', table_schema, table_name) as name from information_schema.tables where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'`),
    );
    for (const { name } of tables) {
      const [found] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${name} t where strpos(t::text, '${CANARY}') > 0`)));
      if (found && found.n > 0) leaks.push(`table ${name}: ${found.n} row(s)`);
    }
    for (const line of logged) inspect("console", line);

    expect(leaks).toEqual([]);
    // The checks looked at something: the secrets' audit rows are there (redacted), and so are the run's jobs.
    expect(seen.answers).toBeGreaterThan(30);
    expect(seen.auditRows).toBeGreaterThanOrEqual(10);
    expect(seen.jobs).toBeGreaterThanOrEqual(2);
    const [audited] = rowsOf<{ input: unknown }>(await db.execute(sql`select input from audit_log where action = 'providerAccounts.create' order by at limit 1`));
    expect(jsonOf(audited?.input)).toMatchObject({ name: "Canary AWS", secrets: "[redacted]" });
  }, 120_000);
});
