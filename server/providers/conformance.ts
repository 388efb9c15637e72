import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STEP_LIST } from "@/lib/catalog";
import { RESOURCE_TYPES, type ResourceType } from "@/lib/catalog/define";
import { ProviderError, type CreateSpec, type ProviderDriver, type ProviderErrorCode, type ProviderResource } from "./types";

/**
 * The one contract test every provider driver passes (ARCHITECTURE.md "Step types and providers"). Specs
 * are what the step catalog produces by default for the type (with real parents for required references),
 * so a driver is tested with the input steps really send. Each test makes and deletes its own resources; a
 * driver tested on fewer types names them in `options.types` rather than being skipped silently.
 */

export type MadeDriver = { driver: ProviderDriver; cleanup?: () => Promise<void> };

/** The default config of the catalog step that creates (or upserts) this type, minus the step-only fields. */
function catalogDefaults(type: ResourceType): Record<string, unknown> {
  const steps = STEP_LIST.filter((s) => s.resource?.type === type && s.resource.action !== "delete" && s.resource.action !== "read");
  const step = steps.find((s) => s.resource?.action === "create") ?? steps[0];
  if (!step) throw new Error(`no catalog step makes a ${type}; add one or extend conformance.ts`);
  const { provider: _provider, ...config } = step.config.parse({});
  return config;
}

let counter = 0;

function specFor(driver: ProviderDriver, type: ResourceType): { spec: CreateSpec; key: string } {
  counter += 1;
  const slug = type.toLowerCase().replace(/[^a-z]+/g, "-");
  const name = `conf-${slug}-${counter}`;
  const spec: CreateSpec = { ...catalogDefaults(type), name, region: driver.regions[0] ?? "", tags: { suite: "conformance", type: slug } };
  return { spec, key: `conformance:${type}:${counter}:${randomUUID()}` };
}

type Prepared = {
  spec: CreateSpec;
  key: string;
  /** Creates the resource under test and has `dispose` delete it too, even when the test fails half-way. */
  create: () => Promise<ProviderResource>;
  dispose: () => Promise<void>;
};

/**
 * A spec whose required references point at something real: a subnet gets its own network, a deployment
 * its own instance (when the driver has those types), a DNS record a literal value. `dispose` deletes what
 * was made, newest first (deleting is idempotent, so a test may have deleted it already).
 */
async function prepare(driver: ProviderDriver, type: ResourceType): Promise<Prepared> {
  const { spec, key } = specFor(driver, type);
  const parents: { type: ResourceType; externalId: string }[] = [];
  const parent = async (parentType: ResourceType, field: string) => {
    if (!driver.supports.includes(parentType)) return;
    const made = specFor(driver, parentType);
    const { externalId } = await driver.create(parentType, made.spec, { idempotencyKey: made.key });
    parents.unshift({ type: parentType, externalId });
    spec[field] = externalId;
  };
  if (type === "network.subnet") await parent("network.vpc", "vpc");
  if (type === "app.deployment") await parent("compute.instance", "target");
  if (type === "dns.record") spec.value = "target.example.com";
  const create = async () => {
    const created = await driver.create(type, spec, { idempotencyKey: key });
    parents.unshift({ type, externalId: created.externalId });
    return created;
  };
  const dispose = async () => {
    for (const p of parents) await driver.delete(p.type, p.externalId, { idempotencyKey: `${key}:dispose:${p.externalId}` });
  };
  return { spec, key, create, dispose };
}

export async function expectProviderError(promise: Promise<unknown>, code: ProviderErrorCode, message?: RegExp | string): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ProviderError ${code}`).toBeInstanceOf(ProviderError);
  // Checked just above.
  const providerError = error as ProviderError;
  expect(providerError.code, providerError.message).toBe(code);
  if (message !== undefined) expect(providerError.message).toMatch(message);
  return providerError;
}

export function runConformance(name: string, makeDriver: () => Promise<MadeDriver>, options: { types?: readonly ResourceType[] } = {}): void {
  const types = options.types ?? RESOURCE_TYPES;

  describe(`provider conformance: ${name}`, () => {
    let made: MadeDriver | undefined;
    const driver = (): ProviderDriver => {
      if (!made) throw new Error("the driver is not ready yet");
      return made.driver;
    };

    beforeAll(async () => {
      made = await makeDriver();
    });
    afterAll(async () => {
      await made?.driver.close?.();
      await made?.cleanup?.();
    });

    it("describes itself and supports every type under test", () => {
      const d = driver();
      expect(d.id).toBeTruthy();
      expect(d.label).toBeTruthy();
      expect(d.regions.length).toBeGreaterThan(0);
      expect([...d.supports]).toEqual(expect.arrayContaining([...types]));
      if (d.isSimulated) expect(d.label.toLowerCase()).toMatch(/simulated|no-op/);
    });

    for (const type of types) {
      describe(type, () => {
        it("creates a ready resource with the spec's name, region and tags, once per idempotency key", async () => {
          const d = driver();
          const { spec, key, create, dispose } = await prepare(d, type);
          try {
            const created = await create();
            expect(created).toMatchObject({ type, name: spec.name, region: spec.region, status: "ready", tags: spec.tags });
            expect(created.externalId).toBeTruthy();
            expect(Number.isFinite(created.costPerHour)).toBe(true);
            const again = await d.create(type, spec, { idempotencyKey: key });
            expect(again.externalId).toBe(created.externalId);
            const listed = await d.list(type);
            expect(listed.filter((r) => r.externalId === created.externalId)).toHaveLength(1);
            expect(listed.filter((r) => r.name === spec.name)).toHaveLength(1);
            expect((await d.list()).some((r) => r.externalId === created.externalId)).toBe(true);
          } finally {
            await dispose();
          }
        });

        it("gets it, updates its tags and reports numeric metrics", async () => {
          const d = driver();
          const { spec, key, create, dispose } = await prepare(d, type);
          try {
            const created = await create();
            expect(await d.get(type, created.externalId)).toMatchObject({ externalId: created.externalId, type, name: spec.name });
            const tags = { ...spec.tags, stage: "updated" };
            const updated = await d.update(type, created.externalId, { tags }, { idempotencyKey: `${key}:update` });
            expect(updated.tags).toEqual(tags);
            expect((await d.get(type, created.externalId)).tags).toEqual(tags);
            const metrics = await d.metrics(type, created.externalId);
            expect(Object.keys(metrics).length).toBeGreaterThan(0);
            for (const [metric, value] of Object.entries(metrics)) expect(Number.isFinite(value), metric).toBe(true);
          } finally {
            await dispose();
          }
        });

        it("deletes it: get is then NOT_FOUND naming the id, and deleting again succeeds saying nothing existed", async () => {
          const d = driver();
          const { key, create, dispose } = await prepare(d, type);
          try {
            const created = await create();
            expect(await d.delete(type, created.externalId, { idempotencyKey: `${key}:delete` })).toEqual({ existed: true });
            await expectProviderError(d.get(type, created.externalId), "NOT_FOUND", created.externalId);
            await expectProviderError(d.update(type, created.externalId, { tags: {} }, { idempotencyKey: `${key}:late` }), "NOT_FOUND");
            expect(await d.delete(type, created.externalId, { idempotencyKey: `${key}:delete-again` })).toEqual({ existed: false });
            // The first delete replayed (its reply was lost) still reports that it deleted something.
            expect(await d.delete(type, created.externalId, { idempotencyKey: `${key}:delete` })).toEqual({ existed: true });
            expect((await d.list(type)).some((r) => r.externalId === created.externalId)).toBe(false);
          } finally {
            await dispose();
          }
        });

        it("refuses to delete an id of another type (NOT_FOUND naming it) and leaves it alone", async () => {
          const other = driver().supports.find((t) => t !== type)!;
          const d = driver();
          const { key, create, dispose } = await prepare(d, type);
          try {
            const created = await create();
            await expectProviderError(d.delete(other, created.externalId, { idempotencyKey: `${key}:wrong-type` }), "NOT_FOUND", created.externalId);
            expect((await d.get(type, created.externalId)).externalId).toBe(created.externalId);
          } finally {
            await dispose();
          }
        });

        it("answers NOT_FOUND for an id it never made", async () => {
          const unknown = `made-up-${randomUUID()}`;
          await expectProviderError(driver().get(type, unknown), "NOT_FOUND", unknown);
          await expectProviderError(driver().metrics(type, unknown), "NOT_FOUND", unknown);
          expect(await driver().delete(type, unknown, { idempotencyKey: `conformance:delete:${unknown}` })).toEqual({ existed: false });
        });

        it("refuses an invalid spec with INVALID_SPEC", async () => {
          const d = driver();
          const { spec, key, dispose } = await prepare(d, type);
          try {
            await expectProviderError(d.create(type, { ...spec, name: "" }, { idempotencyKey: `${key}:no-name` }), "INVALID_SPEC", /name/);
            const region = "atlantis-9";
            await expectProviderError(d.create(type, { ...spec, region }, { idempotencyKey: `${key}:bad-region` }), "INVALID_SPEC", region);
            expect((await d.list(type)).some((r) => r.name === spec.name)).toBe(false);
          } finally {
            await dispose();
          }
        });
      });
    }

    // Only drivers tested on a subset can have types to refuse.
    if (options.types) {
      it("refuses the types it does not support with UNSUPPORTED", async () => {
        const d = driver();
        for (const type of RESOURCE_TYPES.filter((t) => !d.supports.includes(t))) {
          const { spec, key } = specFor(d, type);
          await expectProviderError(d.create(type, spec, { idempotencyKey: key }), "UNSUPPORTED");
        }
      });
    }
  });
}
