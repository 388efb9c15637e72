import { z } from "zod";

/**
 * The workflow definition (ARCHITECTURE.md "The workflow definition"): one schema for the designer, the API,
 * the engine and import/export. This file checks shape only; `validate.ts` adds the graph rules and the
 * per-step-type checks.
 */
export const MAX_NODES = 2000;
export const MAX_EDGES = 10_000;
export const MAX_DEFINITION_BYTES = 1_000_000;

/** Node ids are referenced from expressions (`steps.<id>.outputs.x`), so they are identifiers. */
export const identifierSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, "must start with a lower-case letter and use only a-z, 0-9 and _ (at most 63)");

export const EDGE_CONDITIONS = ["success", "failure", "always", "true", "false"] as const;
export type EdgeCondition = (typeof EDGE_CONDITIONS)[number];

export const retrySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(10),
    backoff: z.enum(["fixed", "exponential"]).default("exponential"),
    delaySeconds: z.number().int().min(1).max(3600).default(5),
  })
  .strict();

export const nodeSchema = z
  .object({
    id: identifierSchema,
    type: z.string().min(1).max(100),
    name: z.string().trim().min(1, "must not be empty").max(200),
    position: z.object({ x: z.number().finite(), y: z.number().finite() }).strict(),
    /** Checked against the step type's own schema in validate.ts (a draft may hold an incomplete config). */
    config: z.record(z.string(), z.unknown()).default({}),
    retry: retrySchema.optional(),
    timeoutSeconds: z.number().int().min(1).max(86_400).optional(),
    /** A CEL condition; the step is skipped when it is false. */
    when: z.string().max(2000).optional(),
    onError: z.enum(["fail", "continue"]).default("fail"),
  })
  .strict();

export const edgeSchema = z
  .object({
    source: identifierSchema,
    target: identifierSchema,
    /** success/failure/always for any step; true/false only out of a condition step. */
    on: z.enum(EDGE_CONDITIONS).default("success"),
  })
  .strict();

export const INPUT_TYPES = ["string", "number", "boolean", "select"] as const;

export const inputSchema = z
  .object({
    name: identifierSchema,
    type: z.enum(INPUT_TYPES),
    label: z.string().max(200).optional(),
    description: z.string().max(1000).optional(),
    required: z.boolean().default(true),
    default: z.union([z.string().max(10_000), z.number(), z.boolean()]).optional(),
    /** The choices of a `select` input. */
    options: z.array(z.string().min(1).max(200)).max(100).optional(),
  })
  .strict();

export const definitionSchema = z
  .object({
    nodes: z.array(nodeSchema).max(MAX_NODES, `at most ${MAX_NODES} steps`),
    edges: z.array(edgeSchema).max(MAX_EDGES, `at most ${MAX_EDGES} connections`).default([]),
    inputs: z.array(inputSchema).max(100).default([]),
    onFailure: z.enum(["stop", "rollback"]).default("stop"),
  })
  .strict();

export type WorkflowNode = z.infer<typeof nodeSchema>;
export type WorkflowEdge = z.infer<typeof edgeSchema>;
export type WorkflowInput = z.infer<typeof inputSchema>;
export type WorkflowDefinition = z.infer<typeof definitionSchema>;

export const emptyDefinition = (): WorkflowDefinition => ({ nodes: [], edges: [], inputs: [], onFailure: "stop" });
