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
