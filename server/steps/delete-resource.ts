import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { resources } from "@/db/schema";
import { RESOURCE_TYPES, type ResourceType } from "@/lib/catalog/define";
import { ProviderError } from "../providers/types";
import type { StepImplementation } from "./index";
import { driverOf, str, targetOf } from "./resources";

/**
 * Deletes the resource the config names, of the type it names. Drivers say whether there was something to
 * delete (a retry after a lost reply still counts as having deleted it), so `existed` is true or false as
 * the catalog promises, and `ifMissing: "fail"` fails the step when there was nothing. An id of another
 * type is refused by the driver (NOT_FOUND) whatever `ifMissing` says: that is a wrong id, not a done job.
 */
export const deleteResourceStep: StepImplementation = {
  async run(ctx) {
    const { providerId, driver } = driverOf(ctx);
    const target = targetOf(ctx, "resource");
    const named = str(ctx.config.resourceType);
    const type: ResourceType = (RESOURCE_TYPES as readonly string[]).includes(named) ? (named as ResourceType) : ctx.step.resource!.type;
    const result = await driver.delete(type, target, { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal });
    // A driver that does not say (a test double) is taken at its word that the delete went through.
    const existed = result?.existed ?? true;
    if (!existed && ctx.config.ifMissing === "fail") {
      throw new ProviderError("NOT_FOUND", `${type} ${target} does not exist on ${providerId}, so there was nothing to delete. Set "If it does not exist" to succeed to treat that as done.`, {
        isRetryable: false,
      });
    }
    // The inventory no longer lists it as live (whoever created it), in the same commit as the result.
    ctx.withResult(async (tx) => {
      await tx
        .update(resources)
        .set({ status: "deleted", updatedAt: sql`now()` })
        .where(and(eq(resources.provider, providerId), eq(resources.externalId, target), ne(resources.status, "deleted")));
    });
    ctx.log(existed ? `deleted ${type} ${target} on ${providerId}` : `${type} ${target} did not exist on ${providerId}: nothing to delete`);
    return { resourceId: target, existed };
  },
};
