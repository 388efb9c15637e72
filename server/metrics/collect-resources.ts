import "server-only";
import { and, desc, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { resources } from "@/db/schema";
import type { ResourceType } from "@/lib/catalog/define";
import { MEASURED_RESOURCE_TYPES } from "@/lib/metrics/ranges";
import type { ProviderDriver } from "../providers/types";
import { normalizeResourceMetrics, type Sample } from "./catalog";

/** At most this many resources per pass (newest first), each given at most CALL_TIMEOUT_MS. */
const MAX_RESOURCES = 200;
const CALL_TIMEOUT_MS = 3_000;

export type ResourceFailure = { resourceId: string; message: string };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Asks each ready resource's driver for its metrics, all at once. A driver that fails, hangs or is not
 * loaded in this process costs only that resource's samples; the failures are returned for the log.
 */
export async function collectResources(db: Db, providers: Record<string, ProviderDriver>): Promise<{ samples: Sample[]; failures: ResourceFailure[] }> {
  const rows = await db
    .select({ id: resources.id, provider: resources.provider, type: resources.type, externalId: resources.externalId })
    .from(resources)
    .where(and(inArray(resources.status, ["ready", "updating"]), inArray(resources.type, [...MEASURED_RESOURCE_TYPES])))
    .orderBy(desc(resources.createdAt))
    .limit(MAX_RESOURCES);
  const samples: Sample[] = [];
  const failures: ResourceFailure[] = [];
  await Promise.all(
    rows.map(async (row) => {
      const driver = Object.hasOwn(providers, row.provider) ? providers[row.provider] : undefined;
      if (!driver) return failures.push({ resourceId: row.id, message: `provider ${row.provider} is not loaded here` });
      try {
        const raw = await withTimeout(driver.metrics(row.type as ResourceType, row.externalId), CALL_TIMEOUT_MS);
        for (const [name, value] of Object.entries(normalizeResourceMetrics(raw))) {
          samples.push({ name: name as Sample["name"], labels: { resource: row.id }, value });
        }
      } catch (error) {
        failures.push({ resourceId: row.id, message: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return { samples, failures };
}
