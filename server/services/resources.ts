import "server-only";
import { and, asc, count, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { resources, resourceStatusEnum, runs, workflows } from "@/db/schema";
import { RESOURCE_TYPES, type ResourceType } from "@/lib/catalog/define";
import { engine } from "../engine/executor";
import { AppError } from "../errors";
import { ProviderError, type ProviderDriver } from "../providers/types";

export const RESOURCE_STATUSES = resourceStatusEnum.enumValues;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/** `live` is every status but `deleted`: what still exists (or may) and costs money. */
export type ListResourcesInput = { provider?: string; type?: string; status?: ResourceStatus | "live"; page: number; pageSize: number };

/** The inventory, newest first, each row with the run (and step) that created it; plus the filter choices. */
export async function listResources(db: Db, input: ListResourcesInput) {
  const filters: SQL[] = [];
  if (input.provider) filters.push(eq(resources.provider, input.provider));
  if (input.type) filters.push(eq(resources.type, input.type));
  if (input.status === "live") filters.push(ne(resources.status, "deleted"));
  else if (input.status) filters.push(eq(resources.status, input.status));
  const where = filters.length ? and(...filters) : undefined;
  const [items, [totals], providers, types] = await Promise.all([
    db
      .select({
        id: resources.id,
        provider: resources.provider,
        type: resources.type,
        name: resources.name,
        region: resources.region,
        status: resources.status,
        externalId: resources.externalId,
        costPerHour: resources.costPerHour,
        createdAt: resources.createdAt,
        updatedAt: resources.updatedAt,
        runId: resources.createdByRunId,
        stepId: resources.createdByStepId,
        workflowName: workflows.name,
      })
      .from(resources)
      .leftJoin(runs, eq(runs.id, resources.createdByRunId))
      .leftJoin(workflows, eq(workflows.id, runs.workflowId))
      .where(where)
      .orderBy(desc(resources.createdAt), desc(resources.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(resources).where(where),
    db.selectDistinct({ value: resources.provider }).from(resources).orderBy(asc(resources.provider)),
    db.selectDistinct({ value: resources.type }).from(resources).orderBy(asc(resources.type)),
  ]);
  return {
    // numeric arrives as a string (exact decimal); four places are plenty for a price per hour.
    items: items.map((r) => ({ ...r, costPerHour: Number(r.costPerHour) })),
    total: totals?.total ?? 0,
    page: input.page,
    pageSize: input.pageSize,
    providers: providers.map((p) => p.value),
    types: types.map((t) => t.value),
  };
}

/** The drivers the engine of this process was started with; none when it is not running here. */
function driverOf(provider: string): ProviderDriver | undefined {
  let drivers: Record<string, ProviderDriver>;
  try {
    drivers = engine().deps.providers;
  } catch {
    return undefined;
  }
  return Object.hasOwn(drivers, provider) ? drivers[provider] : undefined;
}

function isResourceType(type: string): type is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(type);
}

/**
 * Deletes the resource in its provider, then marks it deleted. The key makes a repeated teardown (a double
 * click, a retry after a timeout) one delete in the provider.
 */
export async function teardown(db: Db, id: string) {
  const [row] = await db.select().from(resources).where(eq(resources.id, id));
  if (!row) throw new AppError("NOT_FOUND", "This resource does not exist.", { field: "id" });
  if (row.status === "deleted") throw new AppError("CONFLICT", `${row.name} is already deleted.`);
  const driver = driverOf(row.provider);
  if (!driver) throw new AppError("CONFLICT", `${row.provider}: provider not available on this server.`);
  if (!isResourceType(row.type)) throw new AppError("CONFLICT", `${row.provider} has no resource type ${row.type}.`);
  try {
    await driver.delete(row.type, row.externalId, { idempotencyKey: `teardown:${id}` });
  } catch (error) {
    if (error instanceof ProviderError) throw new AppError(error.isRetryable ? "RETRYABLE" : "CONFLICT", error.message, { cause: error });
    throw error;
  }
  const [updated] = await db
    .update(resources)
    .set({ status: "deleted", updatedAt: sql`now()` })
    .where(eq(resources.id, id))
    .returning({ id: resources.id, name: resources.name, status: resources.status });
  return updated!;
}
