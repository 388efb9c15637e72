import { describe, expect, it } from "vitest";
import { expectProviderError, runConformance } from "./conformance";
import { createNoopDriver } from "./noop";

runConformance("noop", () => Promise.resolve({ driver: createNoopDriver() }));

describe("noop provider", () => {
  it("reports group members and the previous size when scaled", async () => {
    const driver = createNoopDriver();
    const group = await driver.create("compute.group", { name: "web", region: "local", desired: 2 }, { idempotencyKey: "g" });
    expect(group.attributes).toMatchObject({ size: 2, instanceIds: [`${group.externalId}-0`, `${group.externalId}-1`] });
    const scaled = await driver.update("compute.group", group.externalId, { desired: 3 }, { idempotencyKey: "scale" });
    expect(scaled.attributes).toMatchObject({ size: 3, desired: 3, previousSize: 2 });
    // A retried update answers as the first one did, not with itself as "previous".
    const retried = await driver.update("compute.group", group.externalId, { desired: 3 }, { idempotencyKey: "scale" });
    expect(retried.attributes.previousSize).toBe(2);
  });

  it("deploys onto its target, reporting what ran before; DNS records have a full name", async () => {
    const driver = createNoopDriver();
    const group = await driver.create("compute.group", { name: "web", region: "local", desired: 2, image: "shop:1" }, { idempotencyKey: "g" });
    const deployment = await driver.create("app.deployment", { name: "release", region: "local", target: group.externalId, artifact: "shop:2" }, { idempotencyKey: "d" });
    expect(deployment.attributes).toMatchObject({ artifact: "shop:2", previousArtifact: "shop:1", updatedInstances: 2 });
    expect((await driver.get("compute.group", group.externalId)).attributes.image).toBe("shop:2");
    await expectProviderError(driver.create("app.deployment", { name: "lost", region: "local", target: "noop-missing" }, { idempotencyKey: "x" }), "INVALID_SPEC", /noop-missing/);
    const dns = await driver.create("dns.record", { name: "app", region: "local", zone: "example.com", value: "a.example.com" }, { idempotencyKey: "r" });
    expect(dns.attributes).toMatchObject({ fqdn: "app.example.com", previousValue: "" });
    const moved = await driver.update("dns.record", dns.externalId, { value: "b.example.com", ttlSeconds: 120 }, { idempotencyKey: "r2" });
    expect(moved.attributes).toMatchObject({ value: "b.example.com", previousValue: "a.example.com", previous: { value: "a.example.com" } });
  });

  it("keeps each driver's state apart and hands out copies", async () => {
    const a = createNoopDriver();
    const b = createNoopDriver();
    const made = await a.create("storage.bucket", { name: "assets", region: "local" }, { idempotencyKey: "k" });
    made.tags.injected = "yes";
    expect((await a.get("storage.bucket", made.externalId)).tags).toEqual({});
    await expectProviderError(b.get("storage.bucket", made.externalId), "NOT_FOUND", /noop: storage.bucket/);
    await expectProviderError(a.get("compute.instance", made.externalId), "NOT_FOUND");
  });
});
