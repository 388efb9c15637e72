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
// On globalThis: the route handlers and the engine may load this module in different bundles, and a change
// made through one must reach the other. `generation` counts changes, so a read that was already under way
// when a policy changed never caches the rows it saw before the change.
const state = ((globalThis as { __stratusPolicyRules?: { cache: { rules: PolicyRule[]; at: number } | null; generation: number } }).__stratusPolicyRules ??= {
  cache: null,
  generation: 0,
});

export function forgetPolicies(): void {
  state.cache = null;
  state.generation += 1;
}

export async function enabledRules(db: Db): Promise<PolicyRule[]> {
  const { cache, generation } = state;
  if (cache && Date.now() - cache.at < TTL_MS) return cache.rules;
  const rows = await db
    .select({ id: policies.id, name: policies.name, expression: policies.expression, message: policies.message, effect: policies.effect, scopeProviders: policies.scopeProviders, scopeStepTypes: policies.scopeStepTypes })
    .from(policies)
    .where(eq(policies.isEnabled, true))
    .orderBy(asc(policies.name));
  if (state.generation === generation) state.cache = { rules: rows, at: Date.now() };
  return rows;
}
