import { z } from "zod";
import type { SimObject } from "@/db/schema";
import { RESOURCE_TYPES } from "@/lib/catalog/define";
import { ProviderError } from "../types";
import { parseSpec, type TypedSpec } from "./specs";

/**
 * The jsonb `state` of a sim_objects row: the accepted spec, the facts the cloud decided (addresses, group
 * members, what a deployment replaced), and the last update so a retried update replays its reply.
 */
const memberSchema = z.object({ instanceId: z.string(), privateIp: z.string() });

export const factsSchema = z.object({
  zone: z.string().optional(),
  privateIp: z.string().optional(),
  publicIp: z.string().optional(),
  members: z.array(memberSchema).optional(),
  /** Next member number of a group, so an instance id is never reused after a scale-in. */
  memberSeq: z.number().int().optional(),
  previousArtifact: z.string().optional(),
  updatedInstances: z.number().int().optional(),
});
export type Facts = z.infer<typeof factsSchema>;
export type Member = z.infer<typeof memberSchema>;

const lastUpdateSchema = z.object({ key: z.string(), previous: z.record(z.string(), z.unknown()) });
export type LastUpdate = z.infer<typeof lastUpdateSchema>;

const stateSchema = z.object({
  spec: z.record(z.string(), z.unknown()),
  facts: factsSchema,
  lastUpdate: lastUpdateSchema.optional(),
  /** Idempotency key of the delete that removed it, so that delete replayed still reports it existed. */
  deletedBy: z.string().optional(),
});

export type SimState = { spec: Record<string, unknown>; facts: Facts; lastUpdate?: LastUpdate; deletedBy?: string };

/** A row read back and checked: the type is known and the spec parses for it; `switch (type)` narrows spec. */
export type Loaded = TypedSpec & { row: SimObject; facts: Facts; lastUpdate?: LastUpdate; deletedBy?: string };

const typeSchema = z.enum(RESOURCE_TYPES);

export function loadRow(row: SimObject): Loaded {
  const type = typeSchema.safeParse(row.type);
  const state = stateSchema.safeParse(row.state);
  // Rows are only written by this driver; a bad one means a bug or a hand edit, not a user error.
  if (!type.success || !state.success) {
    throw new ProviderError("UNAVAILABLE", `${row.provider}: stored state of ${row.externalId} is unreadable`, { isRetryable: false });
  }
  return { ...parseSpec(row.provider, type.data, state.data.spec), row, facts: state.data.facts, lastUpdate: state.data.lastUpdate, deletedBy: state.data.deletedBy };
}
