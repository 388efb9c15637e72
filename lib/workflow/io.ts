import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { z } from "zod";
import { findNul, NUL_MESSAGE } from "@/lib/text/nul";
import type { PathError } from "./limits";
import type { WorkflowDefinition } from "./schema";
import { parseDefinition, type StepLookup } from "./validate";

/** The file format of an exported workflow, in JSON or YAML. Import accepts exactly what export writes. */
export const API_VERSION = "stratus/v1";
export type ExportFormat = "json" | "yaml";
export type WorkflowDocument = { name: string; description: string; definition: WorkflowDefinition };

const documentSchema = z
  .object({
    apiVersion: z.literal(API_VERSION, `must be "${API_VERSION}"`),
    kind: z.literal("Workflow", 'must be "Workflow"'),
    name: z.string().trim().min(1, "must not be empty").max(200),
    description: z.string().max(2000).default(""),
    definition: z.unknown(),
  })
  .strict();

export function exportWorkflow(doc: WorkflowDocument, format: ExportFormat): string {
  const body = { apiVersion: API_VERSION, kind: "Workflow", name: doc.name, description: doc.description, definition: doc.definition };
  return format === "json" ? `${JSON.stringify(body, null, 2)}\n` : stringifyYaml(body, { lineWidth: 0, aliasDuplicateObjects: false });
}

export type ImportResult = { ok: true; document: WorkflowDocument } | { ok: false; errors: PathError[] };

/** Parses an uploaded file; a bad file yields every error with its path, and nothing else happens. */
export function importWorkflow(text: string, getStep: StepLookup, format?: ExportFormat): ImportResult {
  const kind = format ?? (text.trimStart().startsWith("{") ? "json" : "yaml");
  let raw: unknown;
  try {
    // maxAliasCount bounds "billion laughs" alias bombs.
    raw = kind === "json" ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100, prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : "cannot be read";
    return { ok: false, errors: [{ path: "(file)", message: `is not valid ${kind.toUpperCase()}: ${message}` }] };
  }
  // A "\u0000" (JSON) or "\0" (YAML) escape in the file would fail only when the workflow is stored.
  const nul = findNul(raw);
  if (nul) return { ok: false, errors: [{ path: nul, message: NUL_MESSAGE }] };
  const doc = documentSchema.safeParse(raw);
  if (!doc.success) {
    return { ok: false, errors: doc.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(file)", message: i.message })) };
  }
  const parsed = parseDefinition(doc.data.definition, getStep);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ path: `definition.${e.path}`.replace(/\.\(definition\)$/, ""), message: e.message })) };
  return { ok: true, document: { name: doc.data.name, description: doc.data.description, definition: parsed.definition } };
}
