import http from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources } from "@/db/schema";
import { getTemplate } from "@/lib/workflow/templates";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import type { CurrentUser } from "../auth/session";
import { addAllowEntry } from "../net/allow-list";
import { createProviders } from "../providers";
import { killRecordedProcesses, makeDataDir, removeDataDir } from "../providers/local/test-support";
import type { ProviderDriver } from "../providers/types";
import { getQueue, startQueue, stopQueue } from "../queue/boss";
import { seedPolicies } from "../services/policies";
import { approve, getRun, rollback, startRun } from "../services/runs";
import { insertWorkflow } from "../services/workflows";
import { startEngine, stopEngine } from "./executor";

/**
 * Each seeded template, run by the engine with real providers (local processes, proxies and folders; the
 * simulated AWS) and the seeded policies, with the start dialog's defaults: its happy path and its main
 * failure path reach what the template's description promises. Only waits are shortened (health-check
 * intervals, retry delays), so the suite takes seconds, not minutes.
 */
const getDatabase = withTestDatabase();
const dataDir = makeDataDir("templates");
const workspaceRoot = mkdtempSync(path.join(os.tmpdir(), "stratus-templates-test-"));
let providers: Record<string, ProviderDriver>;
let operator: CurrentUser;
const servers: http.Server[] = [];

beforeAll(async () => {
  const database = getDatabase();
  await startQueue(database);
  providers = createProviders({ db: database.db, dataDir, now: () => new Date() }, { sim: { latencyMs: 0 } });
  await startEngine({ db: database.db, boss: getQueue()!, providers, workspaceRoot });
  const admin = await createTestUser(database.db, "admin");
  await seedPolicies(database.db, admin.id);
  // The DR tests' stand-in primaries listen on loopback, which steps may reach only when an admin allows it.
  await addAllowEntry(database.db, { pattern: "127.0.0.9", note: "template tests" }, admin.id);
  const u = await createTestUser(database.db, "operator");
  operator = { id: u.id, email: u.email, name: u.name, role: "operator", mustChangePassword: false };
}, 60_000);

afterAll(async () => {
  await stopEngine();
  await stopQueue();
  const local = providers.local!;
  for (const r of await local.list()) await local.delete(r.type, r.externalId, { idempotencyKey: `cleanup:${r.externalId}` }).catch(() => undefined);
  await local.close?.();
  killRecordedProcesses(dataDir);
  removeDataDir(dataDir);
  rmSync(workspaceRoot, { recursive: true, force: true });
  for (const s of servers) s.close();
}, 60_000);

/** The template as shipped, with its waits shortened: health checks every second, retries after a second. */
function quick(id: string): WorkflowDefinition {
  const definition = structuredClone(getTemplate(id)!.definition);
  for (const node of definition.nodes) {
    if (node.type === "http-health-check") node.config = { ...node.config, intervalSeconds: 1, timeoutSeconds: 1 };
    if (node.type === "update-load-balancer") node.config = { ...node.config, drainSeconds: 0 };
    if (node.retry) node.retry = { ...node.retry, delaySeconds: 1 };
  }
  return definition;
}

const FINAL = ["succeeded", "failed", "cancelled", "rolled_back"];

async function start(definition: WorkflowDefinition, inputs: Record<string, unknown>) {
  const db = getDatabase().db;
  const wf = await insertWorkflow(db, operator.id, { name: `template ${Math.random()}`, description: "", definition, message: "" });
  return (await startRun(db, operator, { workflowId: wf.id, inputs })).id;
}

async function waitFor(runId: string, until: (status: string) => boolean = (s) => FINAL.includes(s), ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const run = await getRun(getDatabase().db, runId);
    if (until(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run stuck in ${run.status}: ${run.steps.map((s) => `${s.stepId}=${s.status}${s.error ? ` (${s.error})` : ""}`).join(", ")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Run = Awaited<ReturnType<typeof waitFor>>;
/** Each step's latest attempt. */
const latest = (run: Run) => Object.fromEntries(run.steps.map((s) => [s.stepId, s]));
const statuses = (run: Run) => Object.fromEntries(Object.entries(latest(run)).map(([id, s]) => [id, s.status]));
const output = (run: Run, stepId: string): Record<string, unknown> => latest(run)[stepId]?.output ?? {};
const logsOf = (run: Run, stepId: string) => (latest(run)[stepId]?.logs ?? []).join("\n");

async function inventory(runId: string) {
  const rows = await getDatabase().db.select().from(resources).where(eq(resources.createdByRunId, runId));
  return Object.fromEntries(rows.map((r) => [r.createdByStepId ?? "", r] as const));
}

/** A stand-in primary on 127.0.0.9 answering `status` (or never answering); returns its /health URL. */
async function primary(behaviour: number | "hang" | "closed"): Promise<string> {
  const server = http.createServer((_req, res) => {
    if (behaviour === "hang") return;
    res.writeHead(behaviour as number).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.9", resolve));
  const url = `http://127.0.0.9:${(server.address() as AddressInfo).port}/health`;
  if (behaviour === "closed") await new Promise((resolve) => server.close(resolve));
  else servers.push(server);
  return url;
}

describe("three-tier web app", () => {
  it("builds the stack on this host and its load balancer serves the app", async () => {
    const run = await waitFor(await start(quick("three-tier-web"), {}));
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(output(run, "smoke_test")).toMatchObject({ healthy: true, status: 200 });
    const res = await fetch(String(output(run, "web_lb").url));
    expect(await res.json()).toMatchObject({ app: "sample-web", image: "sample-web" });
    // Rolled back by hand, the stack is gone again (and the next test can build its own network).
    await rollback(getDatabase().db, run.id);
    expect((await waitFor(run.id, (s) => s === "rolled_back")).status).toBe("rolled_back");
    for (const row of Object.values(await inventory(run.id))) expect(row.status, row.name).toBe("deleted");
  }, 120_000);

  it("rolls everything back when the smoke test fails", async () => {
    const run = await waitFor(await start(quick("three-tier-web"), { app_image: "sample-web:unhealthy", instance_count: 1 }));
    expect(run.status, run.error ?? "").toBe("rolled_back");
    expect(run.error).toMatch(/Smoke test: .* is not healthy/);
    expect(output(run, "smoke_test")).toMatchObject({ healthy: false });
    const rows = await inventory(run.id);
    expect(Object.keys(rows).sort()).toEqual(["app_servers", "database", "network", "private_subnet", "public_subnet", "web_lb"]);
    for (const row of Object.values(rows)) expect(row.status, row.name).toBe("deleted");
  }, 120_000);
});

describe("developer environment", () => {
  it("creates the workstation, bucket and SSH rule, tagged with owner and lifetime (a number input into text tags)", async () => {
    const run = await waitFor(await start(quick("dev-environment"), { developer: "ada", ssh_cidr: "203.0.113.0/24" }));
    expect(run.status, run.error ?? "").toBe("succeeded");
    const rows = await inventory(run.id);
    expect(rows.workstation?.tags).toMatchObject({ owner: "ada", "ttl-hours": "8", purpose: "dev" });
    expect(rows.scratch_bucket?.tags).toMatchObject({ "ttl-hours": "8" });
    expect(rows.ssh_access?.spec).toMatchObject({ sourceCidrs: ["203.0.113.0/24"], fromPort: 22 });
    expect(logsOf(run, "ready")).toMatch(/Dev environment for ada is ready: workstation \S+ at http:\/\/127\.0\.0\.1:\d+ \(public address: none on this provider\)/);
  }, 120_000);

  it("rolls back what it made when the SSH rule is refused", async () => {
    const run = await waitFor(await start(quick("dev-environment"), { developer: "bob", ssh_cidr: "everyone" }));
    expect(run.status, run.error ?? "").toBe("rolled_back");
    expect(run.error).toMatch(/Allow SSH: .*sourceCidrs/);
    const rows = await inventory(run.id);
    expect(rows.workstation?.status).toBe("deleted");
    expect(rows.scratch_bucket?.status).toBe("deleted");
  }, 120_000);
});

describe("blue/green deploy", () => {
  /** Production today: a blue group behind a load balancer, on the local provider. */
  async function blue(label: string) {
    const local = providers.local!;
    const group = await local.create("compute.group", { name: `blue-${label}`, region: "local", image: "sample-web:blue", min: 1, desired: 1, max: 2 }, { idempotencyKey: `blue-${label}` });
    const lb = await local.create("network.loadBalancer", { name: `prod-${label}`, region: "local", targets: group.externalId, healthCheckIntervalSeconds: 1 }, { idempotencyKey: `prod-${label}` });
    return { group, lb };
  }

  it("switches production to a healthy green after approval, then deletes blue and the preview", async () => {
    const prod = await blue("ok");
    const id = await start(quick("blue-green-deploy"), { app_image: "sample-web:v2", load_balancer_id: prod.lb.externalId, instance_count: 1 });
    expect((await waitFor(id, (s) => s === "waiting" || FINAL.includes(s))).status).toBe("waiting");
    await approve(getDatabase().db, operator, { id, stepId: "approve", isApproved: true, comment: "ship it" });
    const run = await waitFor(id);
    expect(run.status, run.error ?? "").toBe("succeeded");
    const greenId = String(output(run, "green").groupId);
    expect(output(run, "switch_traffic")).toMatchObject({ previousTargets: prod.group.externalId });
    expect((await providers.local!.get("network.loadBalancer", prod.lb.externalId)).attributes.targets).toEqual(greenId);
    await expect(providers.local!.get("compute.group", prod.group.externalId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(providers.local!.get("network.loadBalancer", String(output(run, "preview_lb").loadBalancerId))).rejects.toMatchObject({ code: "NOT_FOUND" });
  }, 150_000);

  it("tears an unhealthy green down, leaves production on blue and ends rolled back saying why", async () => {
    const prod = await blue("bad");
    const run = await waitFor(await start(quick("blue-green-deploy"), { app_image: "sample-web:unhealthy", load_balancer_id: prod.lb.externalId, instance_count: 1 }));
    expect(run.status).toBe("rolled_back");
    expect(run.error).toMatch(/^Check green: .* is not healthy: answered 50\d/);
    expect(statuses(run)).toMatchObject({ check_green: "failed", green_unhealthy: "succeeded", approve: "skipped", switch_traffic: "skipped", green: "compensated", preview_lb: "compensated" });
    expect(logsOf(run, "green_unhealthy")).toMatch(/failed its health check \(answered 50\d, expected 200\); production still runs blue/);
    await expect(providers.local!.get("compute.group", String(output(run, "green").groupId))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await providers.local!.get("network.loadBalancer", prod.lb.externalId)).attributes.targets).toEqual(prod.group.externalId);
  }, 150_000);
});

describe("disaster-recovery failover", () => {
  it("does nothing when the primary is healthy", async () => {
    const run = await waitFor(await start(quick("dr-failover"), { primary_url: await primary(200) }));
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(statuses(run)).toMatchObject({ check_primary: "succeeded", primary_healthy: "succeeded", all_good: "succeeded", standby_servers: "skipped", repoint_dns: "skipped", failed_over: "skipped" });
  }, 60_000);

  it.each([
    ["refuses connections", "closed" as const, /ECONNREFUSED/],
    ["times out", "hang" as const, /no answer within 1 s/],
    ["answers 503", 503, /answered 503, expected 200/],
  ])("fails over to us-west-2 when the primary %s", async (_what, behaviour, reason) => {
    const run = await waitFor(await start(quick("dr-failover"), { primary_url: await primary(behaviour) }));
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(statuses(run)).toMatchObject({ check_primary: "failed", primary_healthy: "succeeded", all_good: "skipped", standby_servers: "succeeded", standby_lb: "succeeded", repoint_dns: "succeeded", failed_over: "succeeded" });
    expect(output(run, "check_primary")).toMatchObject({ healthy: false, status: behaviour === 503 ? 503 : 0 });
    expect(String(output(run, "check_primary").error)).toMatch(reason);
    const dns = await providers["aws-sim"]!.get("dns.record", String(output(run, "repoint_dns").recordId));
    expect(dns.attributes.value).toBe(output(run, "standby_lb").dnsName);
    expect(logsOf(run, "failed_over")).toMatch(reason);
  }, 60_000);
});

describe("nightly backup", () => {
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)).map((f) => `${d.name}/${f}`) : [d.name]));

  it("backs up the sample data folder it creates into today's folder of the bucket", async () => {
    const run = await waitFor(await start(quick("nightly-backup"), {}));
    expect(run.status, run.error ?? "").toBe("succeeded");
    const bucket = fileURLToPath(String(output(run, "backup_bucket").url));
    const today = new Date().toISOString().slice(0, 10);
    expect(filesUnder(bucket).sort()).toEqual([`${today}/customers.csv`, `${today}/exported-at.txt`]);
    expect(readFileSync(path.join(bucket, today, "customers.csv"), "utf8")).toContain("1,alpha");
    expect(logsOf(run, "done")).toMatch(/copied 2 file\(s\) from \.\/sample-data/);
  }, 60_000);

  it("reports a failed copy and ends failed, keeping the bucket", async () => {
    const run = await waitFor(await start(quick("nightly-backup"), { source_path: "./missing" }));
    expect(run.status).toBe("failed");
    expect(statuses(run)).toMatchObject({ sample_data: "skipped", sync_data: "failed", sync_failed: "succeeded", done: "skipped" });
    expect(run.steps.filter((s) => s.stepId === "sync_data")).toHaveLength(3);
    expect(run.error).toMatch(/^Copy data: the script exited with 3/);
    expect(existsSync(fileURLToPath(String(output(run, "backup_bucket").url)))).toBe(true);
  }, 60_000);
});
