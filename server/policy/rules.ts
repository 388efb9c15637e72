import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { policies } from "@/db/schema";
import type { PolicyRule } from "./evaluate";

/**
 * The enabled policies, as the engine checks them before every step: cached, re-read at once after a
 * change made by this process and at most every few seconds for changes made by another process.
 */
const TTL_MS = 3_000;
let cache: { rules: PolicyRule[]; at: number } | null = null;

export function forgetPolicies(): void {
  cache = null;
}

export async function enabledRules(db: Db): Promise<PolicyRule[]> {
  if (cache && Date.now() - cache.at < TTL_MS) return cache.rules;
  const rows = await db
    .select({ id: policies.id, name: policies.name, expression: policies.expression, message: policies.message, effect: policies.effect, scopeProviders: policies.scopeProviders, scopeStepTypes: policies.scopeStepTypes })
    .from(policies)
    .where(eq(policies.isEnabled, true))
    .orderBy(asc(policies.name));
  cache = { rules: rows, at: Date.now() };
  return rows;
}
