import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources } from "@/db/schema";
import { getStep } from "@/lib/catalog";
import type { ResourceType } from "@/lib/catalog/define";
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from "@/lib/workflow/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import type { CurrentUser } from "../auth/session";
import { startEngine, stopEngine } from "../engine/executor";
import { createProviders } from "../providers";
import { eventually, killRecordedProcesses, makeDataDir, removeDataDir } from "../providers/local/test-support";
import { type CreateSpec, ProviderError, type ProviderDriver, type ProviderResource } from "../providers/types";
import { getQueue, startQueue, stopQueue } from "../queue/boss";
import { getRun, startRun } from "../services/runs";
import { insertWorkflow } from "../services/workflows";
import { implementationOf, type StepContext } from "./index";
import { CREATED_BY_TAG } from "./resources";

/**
 * The steps that change existing resources (deploy-app, dns-record, update-load-balancer, and scale-group's
 * rollback) against every provider driver: first through the step implementations directly, then as
 * workflows through the engine on the database, including saga rollbacks that must restore what was there.
 */
const getDatabase = withTestDatabase();
const dataDir = makeDataDir("update-steps");
let providers: Record<string, ProviderDriver> = {};
let actor: CurrentUser;
/** Local resources made by the tests, deleted afterwards (processes and proxies must not outlive the file). */
const made: { provider: string; type: ResourceType; externalId: string }[] = [];

beforeAll(async () => {
  const database = getDatabase();
  await startQueue(database);
  providers = createProviders({ db: database.db, dataDir, now: () => new Date() }, { sim: { latencyMs: 0 } });
  await startEngine({ db: database.db, boss: getQueue()!, providers });
  const u = await createTestUser(database.db, "operator");
  actor = { id: u.id, email: u.email, name: u.name, role: "operator", mustChangePassword: false };
}, 60_000);

afterAll(async () => {
  try {
    await stopEngine();
    await stopQueue();
    for (const r of made.reverse()) await providers[r.provider]?.delete(r.type, r.externalId, { idempotencyKey: `cleanup:${r.externalId}` }).catch(() => undefined);
    await providers.local?.close?.();
  } finally {
    killRecordedProcesses(dataDir);
    removeDataDir(dataDir);
  }
}, 60_000);

let counter = 0;
const uniqueKey = (label: string) => `test-${++counter}:${label}`;

async function make(provider: string, type: ResourceType, spec: Record<string, unknown>): Promise<ProviderResource> {
  const driver = providers[provider]!;
  const r = await driver.create(type, { region: driver.regions[0]!, ...spec } as CreateSpec, { idempotencyKey: uniqueKey(`make-${type}`) });
  made.push({ provider, type, externalId: r.externalId });
  return r;
}

/** Calls a step's run or compensate as the executor would: config parsed with the catalog's defaults. */
function stepCall(type: string, rawConfig: Record<string, unknown>, key: string, options: { output?: Record<string, unknown>; driver?: ProviderDriver } = {}) {
  const step = getStep(type)!;
  const config: Record<string, unknown> = step.config.parse(rawConfig);
  // The step's own database writes (inventory rows) are the engine's business; the workflows below check them.
  const ctx: Partial<StepContext> = {
    withResult: () => undefined,
    runId: "00000000-0000-0000-0000-000000000000",
    stepId: type.replace(/-/g, "_"),
    step,
    config,
    scope: { inputs: {}, steps: {} },
    idempotencyKey: key,
    signal: new AbortController().signal,
    provider: (id) => options.driver ?? providers[id]!,
    log: () => undefined,
    output: options.output,
  };
  const impl = implementationOf(step);
  return {
    run: async () => (await impl.run(ctx as StepContext)) as Record<string, unknown>,
    compensate: () => impl.compensate!(ctx as StepContext),
  };
}

/** A driver whose first create commits but loses its reply, like a dropped connection. */
function losingFirstCreateReply(driver: ProviderDriver): ProviderDriver {
  let isLost = false;
  return {
    ...driver,
    async create(type, spec, options) {
      const r = await driver.create(type, spec, options);
      if (isLost) return r;
      isLost = true;
      throw new ProviderError("UNAVAILABLE", "the connection closed before the reply arrived");
    },
  };
}

function targetsOf(lb: ProviderResource): string {
  return String(lb.attributes.targets);
}

async function dnsRecords(driver: ProviderDriver, fqdn: string): Promise<ProviderResource[]> {
  return (await driver.list("dns.record")).filter((r) => r.attributes.fqdn === fqdn);
}

describe.each(["aws-sim", "azure-sim", "gcp-sim", "noop", "local"])("update steps on %s", (id) => {
  const driver = () => providers[id]!;
  const region = () => driver().regions[0]!;
  // The catalog offers no "noop" provider: its steps name "local" and the noop driver answers for them.
  const provider = id === "noop" ? "local" : id;
  const run = (type: string, config: Record<string, unknown>, key: string, through = driver()) => stepCall(type, config, key, { driver: through }).run();
  const compensate = (type: string, config: Record<string, unknown>, key: string, output: Record<string, unknown>) => stepCall(type, config, key, { output, driver: driver() }).compensate();
  let blue: ProviderResource;
  let green: ProviderResource;
  let lb: ProviderResource;

  beforeAll(async () => {
    // Local groups are real processes: one member each is enough.
    const group = { image: "sample-web", min: 1, desired: 1, max: 3 };
    blue = await make(id, "compute.group", { name: "blue", ...group });
    green = await make(id, "compute.group", { name: "green", ...group });
    lb = await make(id, "network.loadBalancer", { name: "front", targets: blue.externalId });
  }, 60_000);

  it("dns-record creates a missing record, updates an existing one, and rollback restores or deletes it", async () => {
    const base = { provider, region: region(), name: "app", zone: "example.com" };
    const first = { ...base, value: "blue.example.com" };
    const created = await run("dns-record", first, "dns-1");
    expect(created).toMatchObject({ action: "created", fqdn: "app.example.com", previousValue: "", previousTtlSeconds: 0, previousRecordType: "" });
    expect((await driver().get("dns.record", String(created.recordId))).tags[CREATED_BY_TAG]).toBe("dns-1");

    const second = { ...base, value: "green.example.com", ttlSeconds: 300 };
    const updated = await run("dns-record", second, "dns-2");
    expect(updated).toEqual({ recordId: created.recordId, fqdn: "app.example.com", action: "updated", previousValue: "blue.example.com", previousTtlSeconds: 60, previousRecordType: "CNAME" });
    // A retried attempt (same key) answers as the first did, not with its own value as "previous".
    expect(await run("dns-record", second, "dns-2")).toEqual(updated);
    const [only, ...others] = await dnsRecords(driver(), "app.example.com");
    expect(others).toEqual([]);
    expect(only!.attributes).toMatchObject({ value: "green.example.com", ttlSeconds: 300 });

    // Rollback, newest first: the update puts the old value and TTL back, the create deletes the record.
    await compensate("dns-record", second, "dns-2", updated);
    expect((await driver().get("dns.record", String(created.recordId))).attributes).toMatchObject({ value: "blue.example.com", ttlSeconds: 60, recordType: "CNAME" });
    await compensate("dns-record", first, "dns-1", created);
    expect(await dnsRecords(driver(), "app.example.com")).toEqual([]);
  });

  it("dns-record whose create reply was lost still reports (and rolls back) a create on retry", async () => {
    const config = { provider, region: region(), name: "lost", zone: "example.com", value: "blue.example.com" };
    const flaky = losingFirstCreateReply(driver());
    await expect(run("dns-record", config, "dns-lost", flaky)).rejects.toThrow(/reply/);
    const retried = await run("dns-record", config, "dns-lost", flaky);
    expect(retried).toMatchObject({ action: "created", previousValue: "" });
    expect(await dnsRecords(driver(), "lost.example.com")).toHaveLength(1);
    await compensate("dns-record", config, "dns-lost", retried);
    expect(await dnsRecords(driver(), "lost.example.com")).toEqual([]);
  });

  it("update-load-balancer switches targets, reports the previous ones, and rollback points back", async () => {
    const config = { provider, region: region(), loadBalancer: lb.externalId, targets: green.externalId, drainSeconds: 5 };
    const switched = await run("update-load-balancer", config, "lb-1");
    expect(switched).toEqual({ loadBalancerId: lb.externalId, previousTargets: blue.externalId });
    expect(targetsOf(await driver().get("network.loadBalancer", lb.externalId))).toBe(green.externalId);
    expect(await run("update-load-balancer", config, "lb-1")).toEqual(switched);
    await compensate("update-load-balancer", config, "lb-1", switched);
    expect(targetsOf(await driver().get("network.loadBalancer", lb.externalId))).toBe(blue.externalId);
    await expect(run("update-load-balancer", { ...config, targets: "" }, "lb-2")).rejects.toMatchObject({ code: "INVALID_SPEC", message: /targets is empty/ });
  });

  it("deploy-app rolls an artifact onto a group, reports what ran before, and rollback redeploys it", async () => {
    const config = { provider, region: region(), target: green.externalId, artifact: "sample-web:v2", strategy: "all-at-once" };
    const deployed = await run("deploy-app", config, "deploy-1");
    expect(deployed).toMatchObject({ artifact: "sample-web:v2", previousArtifact: "sample-web" });
    expect(deployed.deploymentId).toEqual(expect.stringMatching(/\S/));
    expect(deployed.updatedInstances).toBeGreaterThanOrEqual(1);
    expect((await driver().get("compute.group", green.externalId)).attributes.image).toBe("sample-web:v2");
    expect(await run("deploy-app", config, "deploy-1")).toEqual(deployed);
    await compensate("deploy-app", config, "deploy-1", deployed);
    expect((await driver().get("compute.group", green.externalId)).attributes.image).toBe("sample-web");
  });

  it("scale-group rollback restores the previous size", async () => {
    const config = { provider, region: region(), group: blue.externalId, desired: 2 };
    const scaled = await run("scale-group", config, "scale-1");
    expect(scaled).toMatchObject({ groupId: blue.externalId, previousSize: 1 });
    expect((await driver().get("compute.group", blue.externalId)).attributes.desired).toBe(2);
    await compensate("scale-group", config, "scale-1", scaled);
    expect((await driver().get("compute.group", blue.externalId)).attributes.desired).toBe(1);
  });
});

const n = (id: string, type: string, config: Record<string, unknown> = {}, extra: Partial<WorkflowNode> = {}): WorkflowNode => ({ id, type, name: id, position: { x: 0, y: 0 }, config, onError: "fail", ...extra });
const e = (source: string, target: string, on: WorkflowEdge["on"] = "success"): WorkflowEdge => ({ source, target, on });
/** The nodes one after the other. */
const chain = (nodes: WorkflowNode[], onFailure: WorkflowDefinition["onFailure"] = "stop"): WorkflowDefinition => ({
  inputs: [],
  nodes,
  edges: nodes.slice(1).map((node, i) => e(nodes[i]!.id, node.id)),
  onFailure,
});
const failing = n("broken", "script", { command: "exit 3" });

async function runToEnd(definition: WorkflowDefinition) {
  const wf = await insertWorkflow(getDatabase().db, actor.id, { name: `wf ${Math.random()}`, description: "", definition, message: "" });
  const { id } = await startRun(getDatabase().db, actor, { workflowId: wf.id, inputs: {} });
  const deadline = Date.now() + 40_000;
  for (;;) {
    const r = await getRun(getDatabase().db, id);
    if (["succeeded", "failed", "cancelled", "rolled_back"].includes(r.status)) return r;
    if (Date.now() > deadline) throw new Error(`run stuck in ${r.status}: ${r.events.map((x) => x.type).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type FinishedRun = Awaited<ReturnType<typeof runToEnd>>;
const statuses = (r: FinishedRun) => Object.fromEntries(r.steps.map((s) => [s.stepId, s.status]));
const outputOf = (r: FinishedRun, stepId: string) => r.steps.filter((s) => s.stepId === stepId).at(-1)!.output as Record<string, unknown>;
const describeRun = (r: FinishedRun) => `${r.status}: ${r.error ?? ""} ${r.steps.map((s) => `${s.stepId}=${s.status} ${s.error ?? ""}`).join("; ")}`;

describe("update steps in workflows on aws-sim", () => {
  const sim = () => providers["aws-sim"]!;
  const at = { provider: "aws-sim", region: "us-east-1" };
  let blue: ProviderResource;
  let green: ProviderResource;
  let lb: ProviderResource;

  beforeAll(async () => {
    blue = await make("aws-sim", "compute.group", { name: "shop-blue", region: "us-east-1", desired: 2 });
    green = await make("aws-sim", "compute.group", { name: "shop-green", region: "us-east-1", desired: 2 });
    lb = await make("aws-sim", "network.loadBalancer", { name: "shop", region: "us-east-1", targets: blue.externalId, public: true });
  });

  it("releases: deploys green, switches the load balancer and creates the DNS record, with the previous state in the outputs", async () => {
    const release = await runToEnd(
      chain([
        n("deploy", "deploy-app", { ...at, target: green.externalId, artifact: "shop:2" }),
        n("switch", "update-load-balancer", { ...at, loadBalancer: lb.externalId, targets: green.externalId, drainSeconds: 10 }),
        n("dns", "dns-record", { ...at, name: "shop", zone: "example.com", value: String(lb.attributes.dnsName) }),
      ]),
    );
    expect(release.status, describeRun(release)).toBe("succeeded");
    expect(outputOf(release, "deploy")).toMatchObject({ artifact: "shop:2", previousArtifact: "sample-web", updatedInstances: 2 });
    expect(outputOf(release, "switch")).toEqual({ loadBalancerId: lb.externalId, previousTargets: blue.externalId });
    expect(outputOf(release, "dns")).toMatchObject({ action: "created", fqdn: "shop.example.com", previousValue: "" });
    expect((await sim().get("compute.group", green.externalId)).attributes.image).toBe("shop:2");
    expect(targetsOf(await sim().get("network.loadBalancer", lb.externalId))).toBe(green.externalId);
    const [record] = await dnsRecords(sim(), "shop.example.com");
    expect(record!.attributes).toMatchObject({ value: lb.attributes.dnsName, ttlSeconds: 60 });
    // The created record is inventory (the deployment record and the updates are not).
    const rows = await getDatabase().db.select().from(resources).where(eq(resources.createdByRunId, release.id));
    expect(rows.map((r) => [r.type, r.externalId, r.status])).toEqual([["dns.record", record!.externalId, "ready"]]);
  });

  it("rolls back a failed release: the DNS value and TTL, the load balancer's targets and green's artifact are restored", async () => {
    const before = (await dnsRecords(sim(), "shop.example.com"))[0]!;
    const rolledBack = await runToEnd(
      chain(
        [
          n("deploy", "deploy-app", { ...at, target: green.externalId, artifact: "shop:3" }),
          n("switch", "update-load-balancer", { ...at, loadBalancer: lb.externalId, targets: blue.externalId }),
          n("dns", "dns-record", { ...at, name: "shop", zone: "example.com", value: "standby.example.net", ttlSeconds: 300 }),
          failing,
        ],
        "rollback",
      ),
    );
    expect(rolledBack.status, describeRun(rolledBack)).toBe("rolled_back");
    expect(statuses(rolledBack)).toEqual({ deploy: "compensated", switch: "compensated", dns: "compensated", broken: "failed" });
    expect(outputOf(rolledBack, "dns")).toMatchObject({ action: "updated", recordId: before.externalId, previousValue: lb.attributes.dnsName, previousTtlSeconds: 60 });
    expect(outputOf(rolledBack, "switch")).toMatchObject({ previousTargets: green.externalId });
    expect(outputOf(rolledBack, "deploy")).toMatchObject({ artifact: "shop:3", previousArtifact: "shop:2" });
    const records = await dnsRecords(sim(), "shop.example.com");
    expect(records.map((r) => [r.externalId, r.attributes.value, r.attributes.ttlSeconds])).toEqual([[before.externalId, lb.attributes.dnsName, 60]]);
    expect(targetsOf(await sim().get("network.loadBalancer", lb.externalId))).toBe(green.externalId);
    expect((await sim().get("compute.group", green.externalId)).attributes.image).toBe("shop:2");
  });

  it("rolls back a DNS record the run created by deleting it, and marks its inventory row deleted", async () => {
    const rolledBack = await runToEnd(chain([n("dns", "dns-record", { ...at, name: "fresh", zone: "example.com", value: "new.example.net" }), failing], "rollback"));
    expect(rolledBack.status, describeRun(rolledBack)).toBe("rolled_back");
    expect(outputOf(rolledBack, "dns")).toMatchObject({ action: "created" });
    expect(await dnsRecords(sim(), "fresh.example.com")).toEqual([]);
    const [row] = await getDatabase().db.select().from(resources).where(and(eq(resources.createdByRunId, rolledBack.id), eq(resources.type, "dns.record")));
    expect(row).toMatchObject({ externalId: outputOf(rolledBack, "dns").recordId, status: "deleted" });
  });
});

/** What the local load balancer's proxy answers: the sample app reports its instance and image. */
async function answerThrough(url: string): Promise<{ instance: string; image: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as { instance: string; image: string };
}

/** Polls the proxy until it answers from `group` with `image` (new members need a health probe first). */
async function expectServedBy(providerLb: ProviderResource, group: string, image: string): Promise<void> {
  const local = providers.local!;
  await eventually(
    async () => {
      const members = (await local.get("compute.group", group)).attributes.instanceIds as string[];
      const answer = await answerThrough(String(providerLb.attributes.url)).catch(() => undefined);
      return answer && members.includes(answer.instance) && answer.image === image ? answer : undefined;
    },
    15_000,
    `${String(providerLb.attributes.url)} to answer from ${group} with ${image}`,
  );
}

describe("update steps in workflows on the local provider (real processes and proxy)", () => {
  const local = () => providers.local!;
  const at = { provider: "local", region: "local" };
  let blue: ProviderResource;
  let green: ProviderResource;
  let lb: ProviderResource;

  beforeAll(async () => {
    const group = { region: "local", image: "sample-web", min: 1, desired: 1, max: 2 };
    blue = await make("local", "compute.group", { name: "site-blue", ...group });
    green = await make("local", "compute.group", { name: "site-green", ...group });
    lb = await make("local", "network.loadBalancer", { name: "site", region: "local", targets: blue.externalId });
    await expectServedBy(lb, blue.externalId, "sample-web");
  }, 60_000);

  it("deploys a new version to green and switches the proxy to it; requests then reach green's new processes", { timeout: 60_000 }, async () => {
    const release = await runToEnd(
      chain([
        n("deploy", "deploy-app", { ...at, target: green.externalId, artifact: "sample-web:v2", strategy: "rolling", batchSize: 1 }),
        n("switch", "update-load-balancer", { ...at, loadBalancer: lb.externalId, targets: green.externalId, drainSeconds: 0 }),
        n("dns", "dns-record", { ...at, name: "site", value: "green.example.com" }),
      ]),
    );
    expect(release.status, describeRun(release)).toBe("succeeded");
    expect(outputOf(release, "deploy")).toMatchObject({ artifact: "sample-web:v2", previousArtifact: "sample-web", updatedInstances: 1 });
    expect(outputOf(release, "switch")).toEqual({ loadBalancerId: lb.externalId, previousTargets: blue.externalId });
    expect(outputOf(release, "dns")).toMatchObject({ action: "created", fqdn: "site.stratus.local" });
    await expectServedBy(lb, green.externalId, "sample-web:v2");
  });

  it("rolls back a failed switch to blue: the proxy serves green again, blue's artifact and the DNS value are restored", { timeout: 60_000 }, async () => {
    const rolledBack = await runToEnd(
      chain(
        [
          n("deploy", "deploy-app", { ...at, target: blue.externalId, artifact: "sample-web:v3", strategy: "all-at-once" }),
          n("switch", "update-load-balancer", { ...at, loadBalancer: lb.externalId, targets: blue.externalId }),
          n("dns", "dns-record", { ...at, name: "site", value: "blue.example.com" }),
          failing,
        ],
        "rollback",
      ),
    );
    expect(rolledBack.status, describeRun(rolledBack)).toBe("rolled_back");
    expect(statuses(rolledBack)).toEqual({ deploy: "compensated", switch: "compensated", dns: "compensated", broken: "failed" });
    expect(outputOf(rolledBack, "switch")).toMatchObject({ previousTargets: green.externalId });
    expect(outputOf(rolledBack, "dns")).toMatchObject({ action: "updated", previousValue: "green.example.com" });
    expect(targetsOf(await local().get("network.loadBalancer", lb.externalId))).toBe(green.externalId);
    await expectServedBy(lb, green.externalId, "sample-web:v2");
    // Blue's processes were replaced back: its member answers with the original artifact.
    const blueNow = await local().get("compute.group", blue.externalId);
    expect(blueNow.attributes.image).toBe("sample-web");
    const [member] = blueNow.attributes.instanceIds as string[];
    const instance = await local().get("compute.instance", member!);
    expect((await answerThrough(String(instance.attributes.url))).image).toBe("sample-web");
    const [record] = await dnsRecords(local(), "site.stratus.local");
    expect(record!.attributes.value).toBe("green.example.com");
  });
});
