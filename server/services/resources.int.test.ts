import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources, runs, workflowVersions } from "@/db/schema";
import type { ResourceType } from "@/lib/catalog/define";
import { emptyDefinition } from "@/lib/workflow/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import { startEngine, stopEngine } from "../engine/executor";
import { AppError } from "../errors";
import { ProviderError, type ProviderDriver } from "../providers/types";
import { getQueue, startQueue, stopQueue } from "../queue/boss";
import { listResources, teardown } from "./resources";
import { insertWorkflow } from "./workflows";

/** The inventory on the real database, and teardown through a driver registered with the engine. */
const getDatabase = withTestDatabase();

type DeleteCall = { type: ResourceType; externalId: string; idempotencyKey: string };
const deletes: DeleteCall[] = [];
let failNextDelete: ProviderError | null = null;
const driver: ProviderDriver = {
  id: "fake",
  label: "Fake",
  isSimulated: true,
  regions: ["here"],
  supports: ["compute.instance", "storage.bucket"],
  create: () => Promise.reject(new ProviderError("UNSUPPORTED", "no")),
  get: () => Promise.reject(new ProviderError("NOT_FOUND", "no")),
  update: () => Promise.reject(new ProviderError("UNSUPPORTED", "no")),
  delete(type, externalId, { idempotencyKey }) {
    if (failNextDelete) {
      const error = failNextDelete;
      failNextDelete = null;
      return Promise.reject(error);
    }
    deletes.push({ type, externalId, idempotencyKey });
    return Promise.resolve();
  },
  list: () => Promise.resolve([]),
  metrics: () => Promise.resolve({}),
};

let runId: string;
let seq = 0;
async function insertResource(values: { provider?: string; type?: string; status?: (typeof resources.status.enumValues)[number]; createdAt?: Date; withRun?: boolean }) {
  seq++;
  const [row] = await getDatabase()
    .db.insert(resources)
    .values({
      provider: values.provider ?? "fake",
      type: values.type ?? "compute.instance",
      region: "here",
      name: `res-${seq}`,
      externalId: `ext-${seq}`,
      status: values.status ?? "ready",
      costPerHour: "0.0125",
      idempotencyKey: `key-${seq}`,
      createdByRunId: values.withRun === false ? null : runId,
      createdByStepId: values.withRun === false ? null : "vm",
      createdAt: values.createdAt ?? new Date(Date.UTC(2026, 1, 1, 0, seq)),
    })
    .returning();
  return row!;
}

beforeAll(async () => {
  const database = getDatabase();
  await startQueue(database);
  await startEngine({ db: database.db, boss: getQueue()!, providers: { fake: driver } });
  const user = await createTestUser(database.db, "operator");
  const wf = await insertWorkflow(database.db, user.id, { name: "Web tier", description: "", definition: emptyDefinition(), message: "" });
  const [version] = await database.db.select({ id: workflowVersions.id }).from(workflowVersions).where(eq(workflowVersions.workflowId, wf.id));
  const [run] = await database.db.insert(runs).values({ workflowId: wf.id, versionId: version!.id, versionNumber: 1, actorId: user.id }).returning({ id: runs.id });
  runId = run!.id;
});
afterAll(async () => {
  await stopEngine();
  await stopQueue();
});

describe("listResources", () => {
  it("filters by provider, type and status, newest first, with the run that created each", async () => {
    const { db } = getDatabase();
    const oldVm = await insertResource({ createdAt: new Date(Date.UTC(2026, 0, 1)) });
    const newVm = await insertResource({ createdAt: new Date(Date.UTC(2026, 0, 2)) });
    const bucket = await insertResource({ type: "storage.bucket", withRun: false });
    const gone = await insertResource({ provider: "aws-sim", status: "deleted" });

    const all = await listResources(db, { page: 1, pageSize: 10 });
    expect(all.total).toBe(4);
    expect(all.items.map((r) => r.id)).toEqual([gone.id, bucket.id, newVm.id, oldVm.id]);
    expect(all.providers).toEqual(["aws-sim", "fake"]);
    expect(all.types).toEqual(["compute.instance", "storage.bucket"]);
    const vm = all.items.find((r) => r.id === newVm.id)!;
    expect(vm).toMatchObject({ runId, stepId: "vm", workflowName: "Web tier", costPerHour: 0.0125 });
    expect(all.items.find((r) => r.id === bucket.id)).toMatchObject({ runId: null, workflowName: null });

    const byType = await listResources(db, { type: "compute.instance", page: 1, pageSize: 10 });
    expect(byType.items.map((r) => r.id)).toEqual([gone.id, newVm.id, oldVm.id]);
    const byProvider = await listResources(db, { provider: "fake", type: "compute.instance", page: 1, pageSize: 10 });
    expect(byProvider.items.map((r) => r.id)).toEqual([newVm.id, oldVm.id]);
    expect((await listResources(db, { status: "deleted", page: 1, pageSize: 10 })).items.map((r) => r.id)).toEqual([gone.id]);
    expect((await listResources(db, { status: "live", page: 1, pageSize: 10 })).total).toBe(3);

    const page2 = await listResources(db, { page: 2, pageSize: 3 });
    expect(page2.total).toBe(4);
    expect(page2.items.map((r) => r.id)).toEqual([oldVm.id]);
    await db.delete(resources).where(eq(resources.region, "here"));
  });
});

describe("teardown", () => {
  it("deletes through the resource's driver with a stable key, then marks it deleted", async () => {
    const { db } = getDatabase();
    const vm = await insertResource({});
    deletes.length = 0;
    await expect(teardown(db, vm.id)).resolves.toMatchObject({ id: vm.id, status: "deleted" });
    expect(deletes).toEqual([{ type: "compute.instance", externalId: vm.externalId, idempotencyKey: `teardown:${vm.id}` }]);
    const [row] = await db.select().from(resources).where(eq(resources.id, vm.id));
    expect(row!.status).toBe("deleted");
    expect(row!.updatedAt.getTime()).toBeGreaterThanOrEqual(vm.updatedAt.getTime());

    await expect(teardown(db, vm.id)).rejects.toMatchObject({ code: "CONFLICT", message: `${vm.name} is already deleted.` });
    expect(deletes).toHaveLength(1);
  });

  it("keeps the resource when the provider refuses, with the provider's message", async () => {
    const { db } = getDatabase();
    const vm = await insertResource({});
    failNextDelete = new ProviderError("CONFLICT", "fake: the instance is protected against deletion.");
    const error = await teardown(db, vm.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "CONFLICT", message: "fake: the instance is protected against deletion." });
    failNextDelete = new ProviderError("UNAVAILABLE", "fake: throttled, try again.");
    await expect(teardown(db, vm.id)).rejects.toMatchObject({ code: "RETRYABLE", message: "fake: throttled, try again." });
    const [row] = await db.select().from(resources).where(eq(resources.id, vm.id));
    expect(row!.status).toBe("ready");
  });

  it("refuses a provider this server has no driver for, and an unknown id", async () => {
    const { db } = getDatabase();
    const orphan = await insertResource({ provider: "gcp-sim" });
    await expect(teardown(db, orphan.id)).rejects.toMatchObject({ code: "CONFLICT", message: "gcp-sim: provider not available on this server." });
    await expect(teardown(db, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await db.select().from(resources).where(eq(resources.id, orphan.id));
    expect(row!.status).toBe("ready");
  });
});
