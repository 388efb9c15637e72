import type { WorkflowDefinition } from "../schema";

/** A ready-made workflow a user can start from; seeded into the template gallery. */
export type WorkflowTemplate = { id: string; name: string; description: string; definition: WorkflowDefinition };
