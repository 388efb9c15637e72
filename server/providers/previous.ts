/**
 * How every driver reports what an update replaced (types.ts `update`): `attributes.previous` maps each
 * changed field to its value before the change, and the fields steps read back have an alias named as the
 * catalog's outputs: previousSize, previousTargets, previousValue, previousArtifact. A retried update (same
 * idempotency key) answers as the first did, so the alias never names the update's own value.
 */
export const PREVIOUS_ALIASES: Readonly<Record<string, string>> = { desired: "previousSize", targets: "previousTargets", value: "previousValue", artifact: "previousArtifact" };

/** `{ previous, ...aliases }` for the values an update replaced, keyed by the changed field. */
export function previousAttributes(previous: Record<string, unknown>): Record<string, unknown> {
  const aliases = Object.entries(PREVIOUS_ALIASES).filter(([field]) => field in previous).map(([field, alias]): [string, unknown] => [alias, previous[field]]);
  return { previous, ...Object.fromEntries(aliases) };
}
