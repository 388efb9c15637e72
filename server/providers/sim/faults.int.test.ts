import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { simObjects } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { expectProviderError } from "../conformance";
import { ProviderError, type ProviderDriver } from "../types";
import { createSimDriver, type SimOptions, type SimProviderId } from ".";

const getDatabase = withTestDatabase();
const sim = (options: SimOptions, id: SimProviderId = "aws-sim") =>
  createSimDriver(id, { db: getDatabase().db, dataDir: process.env.STRATUS_DATA_DIR ?? "", now: () => new Date() }, { latencyMs: 0, ...options });

async function rowsWithKey(provider: string, key: string) {
  return getDatabase().db.select().from(simObjects).where(and(eq(simObjects.provider, provider), eq(simObjects.idempotencyKey, key)));
}

/** Which of `calls` list() calls fail, as a string like "..x.x". */
async function pattern(driver: ProviderDriver, calls: number): Promise<string> {
  let out = "";
  for (let i = 0; i < calls; i++) out += await driver.list().then(() => ".", (e: unknown) => (e instanceof ProviderError && e.code === "UNAVAILABLE" ? "x" : "?"));
  return out;
}

describe("simulated faults", () => {
  it("are deterministic for a seed and differ between seeds", async () => {
    const first = await pattern(sim({ seed: 42, faults: { errorRate: 0.4 } }), 40);
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    expect(first).not.toMatch(/\?/);
    expect(await pattern(sim({ seed: 42, faults: { errorRate: 0.4 } }), 40)).toBe(first);
    expect(await pattern(sim({ seed: 43, faults: { errorRate: 0.4 } }), 40)).not.toBe(first);
  });

  it("fail a call with a retryable UNAVAILABLE before it does anything", async () => {
    const driver = sim({ faults: { errorRate: 1 } }, "azure-sim");
    const error = await expectProviderError(
      driver.create("storage.bucket", { name: "assets", region: "eastus" }, { idempotencyKey: "error:1" }),
      "UNAVAILABLE",
      "azure-sim eastus: ServerBusy (503)",
    );
    expect(error.isRetryable).toBe(true);
    expect(await rowsWithKey("azure-sim", "error:1")).toHaveLength(0);
  });

  it("drop the reply of a committed create; the retry returns the one object", async () => {
    const driver = sim({ faults: { dropReplyRate: 1 } });
    const spec = { name: "web", region: "us-east-1", size: "medium" };
    const error = await expectProviderError(driver.create("compute.instance", spec, { idempotencyKey: "drop:1" }), "UNAVAILABLE", /may have succeeded/);
    expect(error.isRetryable).toBe(true);
    const retried = await driver.create("compute.instance", spec, { idempotencyKey: "drop:1" });
    expect(retried).toMatchObject({ name: "web", status: "ready" });
    expect(await driver.create("compute.instance", spec, { idempotencyKey: "drop:1" })).toEqual(retried);
    const rows = await rowsWithKey("aws-sim", "drop:1");
    expect(rows.map((r) => r.externalId)).toEqual([retried.externalId]);
    expect((await driver.list("compute.instance")).filter((r) => r.name === "web")).toHaveLength(1);
  });

  it("drop the reply of a committed update and delete; retries see the first outcome", async () => {
    const healthy = sim({});
    const group = await healthy.create("compute.group", { name: "api", region: "us-west-2" }, { idempotencyKey: "drop:2" });
    const flaky = sim({ faults: { dropReplyRate: 1 } });
    await expectProviderError(flaky.update("compute.group", group.externalId, { desired: 3 }, { idempotencyKey: "drop:3" }), "UNAVAILABLE");
    const scaled = await flaky.update("compute.group", group.externalId, { desired: 3 }, { idempotencyKey: "drop:3" });
    expect(scaled.attributes).toMatchObject({ size: 3, previousSize: 2 });
    await expectProviderError(flaky.delete("compute.group", group.externalId, { idempotencyKey: "drop:4" }), "UNAVAILABLE");
    // The retry finds it gone by its own hand: it did exist (a step's `existed` output stays true).
    expect(await flaky.delete("compute.group", group.externalId, { idempotencyKey: "drop:4" })).toEqual({ existed: true });
    await expectProviderError(healthy.get("compute.group", group.externalId), "NOT_FOUND", `${group.externalId} was deleted`);
  });

  it("time out: a hanging call gives up when the caller's AbortSignal fires", async () => {
    const driver = sim({ faults: { timeoutRate: 1, timeoutMs: 60_000 } });
    const started = Date.now();
    const call = driver.create("storage.bucket", { name: "slow", region: "us-east-1" }, { idempotencyKey: "timeout:1", signal: AbortSignal.timeout(50) });
    const error = await expectProviderError(call, "TIMEOUT", /abandoned/);
    expect(error.isRetryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await rowsWithKey("aws-sim", "timeout:1")).toHaveLength(0);
    const aborted = AbortSignal.abort();
    await expectProviderError(driver.get("storage.bucket", "anything", { signal: aborted }), "TIMEOUT");
  });

  it("time out on their own after timeoutMs when the caller gives no signal", async () => {
    const driver = sim({ faults: { timeoutRate: 1, timeoutMs: 30 } }, "gcp-sim");
    await expectProviderError(driver.list(), "TIMEOUT", "gcp-sim: list resources got no answer within 30 ms");
  });

  it("add API latency, which an AbortSignal cuts short", async () => {
    const started = Date.now();
    await sim({ latencyMs: 40 }).list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const slow = sim({ latencyMs: 60_000 });
    const cut = Date.now();
    await expectProviderError(slow.get("compute.instance", "i-x", { signal: AbortSignal.timeout(30) }), "TIMEOUT", /abandoned/);
    expect(Date.now() - cut).toBeLessThan(5_000);
  });

  it("reject impossible settings", () => {
    expect(() => sim({ faults: { errorRate: 0.7, dropReplyRate: 0.7 } })).toThrow(/must not exceed 1/);
    expect(() => sim({ faults: { timeoutRate: 2 } })).toThrow(/timeoutRate/);
  });
});
