import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { resources } from "@/db/schema";
import { getStep } from "@/lib/catalog";
import { withTestDatabase } from "@/test/db";
import { createProviders } from "../providers";
import { eventually, killRecordedProcesses, makeDataDir, removeDataDir } from "../providers/local/test-support";
import type { ProviderDriver, ProviderResource } from "../providers/types";
import { implementationOf, type StepContext } from "./index";

/**
 * delete-resource's `existed` / `ifMissing` on the local provider and a simulated cloud, and
 * update-load-balancer's drain wait against the local proxy with real requests held in flight.
 */
const getDatabase = withTestDatabase();
const dataDir = makeDataDir("delete-drain");
let providers: Record<string, ProviderDriver> = {};

beforeAll(() => {
  providers = createProviders({ db: getDatabase().db, dataDir, now: () => new Date() }, { sim: { latencyMs: 0 } });
});

afterAll(async () => {
  try {
    for (const r of await providers.local!.list()) await providers.local!.delete(r.type, r.externalId, { idempotencyKey: `cleanup:${r.externalId}` }).catch(() => undefined);
    await providers.local?.close?.();
  } finally {
    killRecordedProcesses(dataDir);
    removeDataDir(dataDir);
  }
}, 60_000);

let counter = 0;
const uniqueKey = (label: string) => `delete-drain-${++counter}:${label}`;

/** Runs a step as the executor would (config parsed with the catalog's defaults), keeping its logs and writes. */
function stepCall(type: string, rawConfig: Record<string, unknown>, key: string, options: { output?: Record<string, unknown>; signal?: AbortSignal } = {}) {
  const step = getStep(type)!;
  const logs: string[] = [];
  const writes: ((tx: Db) => Promise<void>)[] = [];
  const ctx: Partial<StepContext> = {
    withResult: (write) => writes.push(write),
    runId: "00000000-0000-0000-0000-000000000000",
    stepId: type.replace(/-/g, "_"),
    step,
    config: step.config.parse(rawConfig),
    scope: { inputs: {}, steps: {} },
    idempotencyKey: key,
    signal: options.signal ?? new AbortController().signal,
    provider: (id) => providers[id]!,
    log: (line) => logs.push(line),
    output: options.output,
    memo: {},
  };
  const impl = implementationOf(step);
  return {
    logs,
    writes,
    run: async () => (await impl.run(ctx as StepContext)) as Record<string, unknown>,
    compensate: () => impl.compensate!(ctx as StepContext),
  };
}

describe.each(["local", "aws-sim"])("delete-resource on %s", (provider) => {
  const driver = () => providers[provider]!;
  const at = () => ({ provider, region: driver().regions[0]! });
  const bucket = async () => driver().create("storage.bucket", { name: "doomed", region: driver().regions[0]! }, { idempotencyKey: uniqueKey("bucket") });

  it("reports existed: true when it deleted something, also when the same attempt is retried, and false after", async () => {
    const made = await bucket();
    const config = { ...at(), resourceType: "storage.bucket", resource: made.externalId };
    const key = uniqueKey("delete");
    const first = stepCall("delete-resource", config, key);
    expect(await first.run()).toEqual({ resourceId: made.externalId, existed: true });
    expect(first.logs).toEqual([`deleted storage.bucket ${made.externalId} on ${provider}`]);
    await expect(driver().get("storage.bucket", made.externalId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A retry of the same attempt (its reply was lost) did delete it.
    expect(await stepCall("delete-resource", config, key).run()).toEqual({ resourceId: made.externalId, existed: true });
    // Another run, or a later step: nothing was there, and the default ifMissing (succeed) treats that as done.
    const later = stepCall("delete-resource", config, uniqueKey("again"));
    expect(await later.run()).toEqual({ resourceId: made.externalId, existed: false });
    expect(later.logs).toEqual([`storage.bucket ${made.externalId} did not exist on ${provider}: nothing to delete`]);
  });

  it("fails when there is nothing to delete and ifMissing is fail, without retries", async () => {
    const missing = provider === "local" ? "bkt-000000000000" : "never-made-000000000000";
    const step = stepCall("delete-resource", { ...at(), resourceType: "storage.bucket", resource: missing, ifMissing: "fail" }, uniqueKey("missing"));
    await expect(step.run()).rejects.toMatchObject({
      code: "NOT_FOUND",
      isRetryable: false,
      message: `storage.bucket ${missing} does not exist on ${provider}, so there was nothing to delete. Set "If it does not exist" to succeed to treat that as done.`,
    });
    expect(step.writes).toEqual([]);
    // ifMissing fail still deletes what exists.
    const made = await bucket();
    expect(await stepCall("delete-resource", { ...at(), resourceType: "storage.bucket", resource: made.externalId, ifMissing: "fail" }, uniqueKey("present")).run()).toEqual({ resourceId: made.externalId, existed: true });
  });

  it("refuses an id of another type whatever ifMissing says, and leaves the resource alone", async () => {
    const made = await bucket();
    for (const ifMissing of ["succeed", "fail"]) {
      await expect(stepCall("delete-resource", { ...at(), resourceType: "compute.group", resource: made.externalId, ifMissing }, uniqueKey("wrong")).run()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await driver().get("storage.bucket", made.externalId)).externalId).toBe(made.externalId);
  });

  it("marks the deleted resource's inventory row deleted, in the step's commit", async () => {
    const made = await bucket();
    const { db } = getDatabase();
    await db.insert(resources).values({ provider, type: "storage.bucket", region: made.region, name: made.name, externalId: made.externalId, status: "ready", idempotencyKey: uniqueKey("row") });
    const step = stepCall("delete-resource", { ...at(), resourceType: "storage.bucket", resource: made.externalId }, uniqueKey("inventory"));
    await step.run();
    const rowStatus = async () => (await db.select({ status: resources.status }).from(resources).where(and(eq(resources.provider, provider), eq(resources.externalId, made.externalId))))[0]?.status;
    expect(await rowStatus()).toBe("ready");
    for (const write of step.writes) await write(db);
    expect(await rowStatus()).toBe("deleted");
  });
});

/** A backend answering /health at once and holding /slow until `release()`; `who` names it in every answer. */
function startBackend(who: string) {
  const held: (() => void)[] = [];
  let onHeld: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    if (req.url === "/slow") {
      held.push(() => res.end(`${who} slow`));
      onHeld?.();
      return;
    }
    res.end(who);
  });
  return {
    server,
    listening: new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    /** Resolves once `n` /slow requests are being held. */
    holding: (n: number) => new Promise<void>((resolve) => (held.length >= n ? resolve() : (onHeld = () => held.length >= n && resolve()))),
    release: () => held.splice(0).forEach((end) => end()),
  };
}

describe("update-load-balancer drain on the local proxy", () => {
  const a = startBackend("a");
  const b = startBackend("b");
  let urlA: string;
  let urlB: string;
  let lb: ProviderResource;

  beforeAll(async () => {
    [urlA, urlB] = await Promise.all([a.listening, b.listening]);
    lb = await providers.local!.create("network.loadBalancer", { name: "drain", region: "local", targets: urlA }, { idempotencyKey: uniqueKey("lb") });
  });
  afterAll(() => {
    a.release();
    b.release();
    a.server.close();
    b.server.close();
  });

  const through = (path: string) => fetch(`${String(lb.attributes.url)}${path}`).then((r) => r.text());
  const switchTo = (targets: string, drainSeconds: number, options: { output?: Record<string, unknown>; signal?: AbortSignal } = {}) =>
    stepCall("update-load-balancer", { provider: "local", region: "local", loadBalancer: lb.externalId, targets, drainSeconds }, uniqueKey("switch"), options);

  it("sends new requests to the new targets at once, and succeeds only when the old target's request in flight has ended", async () => {
    const inFlight = through("/slow");
    await a.holding(1);
    const step = switchTo(urlB, 30);
    let isDone = false;
    const running = step.run().then((out) => ((isDone = true), out));
    await eventually(async () => ((await providers.local!.get("network.loadBalancer", lb.externalId)).attributes.targets === urlB ? true : undefined), 5_000, "the switch to b");
    expect(await through("/")).toBe("b");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(isDone).toBe(false);
    const started = Date.now();
    a.release();
    expect(await inFlight).toBe("a slow");
    expect(await running).toEqual({ loadBalancerId: lb.externalId, previousTargets: urlA });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(step.logs).toContain("waiting up to 30 s for 1 request(s) still in flight on the old targets");
    expect(step.logs.at(-1)).toBe("the old targets have no requests in flight");
  });

  it("rollback points back and waits for the targets it leaves, at most the drain time", async () => {
    const inFlight = through("/slow");
    await b.holding(1);
    const step = switchTo(urlB, 1, { output: { loadBalancerId: lb.externalId, previousTargets: urlA } });
    const started = Date.now();
    await step.compensate();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(5_000);
    expect(step.logs.at(-1)).toBe("drain time of 1 s is up with 1 request(s) still in flight on the old targets");
    expect((await providers.local!.get("network.loadBalancer", lb.externalId)).attributes.targets).toBe(urlA);
    expect(await through("/")).toBe("a");
    b.release();
    expect(await inFlight).toBe("b slow");
  });

  it("stops waiting at once when the step is cancelled or times out", async () => {
    const inFlight = through("/slow");
    await a.holding(1);
    const controller = new AbortController();
    const running = switchTo(urlB, 600, { signal: controller.signal }).run();
    setTimeout(() => controller.abort(new Error("cancelled")), 300);
    const started = Date.now();
    await expect(running).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    a.release();
    await inFlight;
  });

  it("does not wait on a simulated cloud, which serves no real requests", async () => {
    const sim = providers["aws-sim"]!;
    const group = (name: string) => sim.create("compute.group", { name, region: "us-east-1" }, { idempotencyKey: uniqueKey(name) });
    const [blue, green] = [await group("blue"), await group("green")];
    const simLb = await sim.create("network.loadBalancer", { name: "front", region: "us-east-1", targets: blue.externalId }, { idempotencyKey: uniqueKey("sim-lb") });
    const started = Date.now();
    const step = stepCall("update-load-balancer", { provider: "aws-sim", region: "us-east-1", loadBalancer: simLb.externalId, targets: green.externalId, drainSeconds: 30 }, uniqueKey("sim-switch"));
    expect(await step.run()).toEqual({ loadBalancerId: simLb.externalId, previousTargets: blue.externalId });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(step.logs.some((line) => line.startsWith("waiting"))).toBe(false);
  });
});
