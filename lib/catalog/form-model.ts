import { z } from "zod";

type JsonSchema = z.core.JSONSchema.JSONSchema;
type AnySchema = z.core.JSONSchema._JSONSchema;

export type FormFieldKind =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "enum"
  | "string-list"
  | "string-map"
  | "expression"
  /** A number, or one `${{ … }}` template that yields it at run time (e.g. a count from a run input). */
  | "number-or-template"
  | "json";

/** One control of a step's config form, derived from its zod schema by `formFields`. */
export type FormField = {
  key: string;
  label: string;
  help?: string;
  kind: FormFieldKind;
  /** Listed as required and without a default: the form has to supply it. */
  required: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  options?: string[];
  /** Long text (scripts, request bodies): `.meta({ multiline: true })`. */
  isMultiline?: boolean;
};

/**
 * The fields of a step config form, in schema order, read from zod's own JSON Schema output so that
 * `.meta({ title, description, expression, multiline })`, `.describe()`, defaults and bounds all count.
 *
 * @example
 * formFields(z.object({ count: z.number().int().min(1).default(1).describe("How many") }))
 * // [{ key: "count", label: "Count", help: "How many", kind: "integer", required: false, default: 1, min: 1 }]
 */
export function formFields(schema: z.ZodObject): FormField[] {
  const root = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  const required = new Set(root.required ?? []);
  return Object.entries(root.properties ?? {}).map(([key, raw]) => {
    const prop = unwrap(resolveRef(asSchema(raw), root));
    const field: FormField = {
      key,
      label: typeof prop.title === "string" && prop.title ? prop.title : humanise(key),
      kind: kindOf(prop),
      required: required.has(key) && prop.default === undefined,
    };
    if (typeof prop.description === "string" && prop.description) field.help = prop.description;
    if (prop.default !== undefined) field.default = prop.default;
    Object.assign(field, bounds(prop, field.kind));
    if (field.kind === "enum") field.options = enumOptions(prop);
    if (field.kind === "string" && prop.multiline === true) field.isMultiline = true;
    return field;
  });
}

/** Zod issues keyed by dotted path ("tags.env", "cidrs.0"; "" for the object itself), first message wins. */
export function fieldErrorsFromZod(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map((part) => String(part)).join(".");
    errors[path] ??= issue.message;
  }
  return errors;
}

const ACRONYMS: Record<string, string> = {
  api: "API", arn: "ARN", cidr: "CIDR", cidrs: "CIDRs", cpu: "CPU", dns: "DNS", http: "HTTP", https: "HTTPS",
  id: "ID", ids: "IDs", ip: "IP", ips: "IPs", json: "JSON", ssh: "SSH", tls: "TLS", ttl: "TTL", uri: "URI",
  url: "URL", urls: "URLs", vpc: "VPC",
};

/** "publicAccess" → "Public access", "vpc_id" → "VPC ID". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase());
  const [first = "", ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(" ");
}

function asSchema(value: AnySchema | AnySchema[] | undefined): JsonSchema {
  // `true`/`false` schemas and tuples carry no usable shape here: treat them as "any" (edited as JSON).
  return value === undefined || typeof value === "boolean" || Array.isArray(value) ? {} : value;
}

function resolveRef(prop: JsonSchema, root: JsonSchema): JsonSchema {
  const match = typeof prop.$ref === "string" ? /^#\/\$defs\/(.+)$/.exec(prop.$ref) : null;
  const target = match?.[1] ? root.$defs?.[match[1]] : undefined;
  if (!target) return prop;
  const { $ref: _ref, ...rest } = prop;
  return { ...target, ...rest };
}

/** `T | null` (from `.nullable()`) is edited as T; the form removes a key rather than storing null. */
function unwrap(prop: JsonSchema): JsonSchema {
  if (Array.isArray(prop.type)) {
    const types = prop.type.filter((t) => t !== "null");
    return types.length === 1 ? { ...prop, type: types[0] } : prop;
  }
  const variants = prop.anyOf?.filter((v) => v.type !== "null");
  if (prop.anyOf && variants?.length === 1 && variants[0] && prop.anyOf.length === 2) {
    const { anyOf: _anyOf, ...rest } = prop;
    return { ...variants[0], ...rest };
  }
  return prop;
}

function enumOptions(prop: JsonSchema): string[] | undefined {
  const values = prop.enum ?? (prop.const !== undefined ? [prop.const] : prop.anyOf?.map((v) => v.const));
  if (!values?.length || !values.every((v): v is string => typeof v === "string")) return undefined;
  return values;
}

function kindOf(prop: JsonSchema): FormFieldKind {
  if (enumOptions(prop)) return "enum";
  const types = prop.anyOf?.map((v) => v.type).sort().join(",");
  if (types === "integer,string" || types === "number,string") return "number-or-template";
  switch (prop.type) {
    case "string":
      return prop.expression === true ? "expression" : "string";
    case "number":
    case "integer":
    case "boolean":
      return prop.type;
    case "array": {
      const items = asSchema(prop.items);
      return items.type === "string" && items.enum === undefined && items.const === undefined ? "string-list" : "json";
    }
    case "object": {
      const values = asSchema(prop.additionalProperties);
      const isRecord = !prop.properties || Object.keys(prop.properties).length === 0;
      return isRecord && values.type === "string" && values.enum === undefined ? "string-map" : "json";
    }
    default:
      return "json";
  }
}

function bounds(prop: JsonSchema, kind: FormFieldKind): Partial<FormField> {
  const out: Partial<FormField> = {};
  if (kind === "number" || kind === "integer") {
    if (prop.minimum !== undefined) out.min = prop.minimum;
    if (prop.maximum !== undefined) out.max = prop.maximum;
    // An HTML min/max is inclusive; exclusive bounds only translate exactly for integers.
    if (kind === "integer" && typeof prop.exclusiveMinimum === "number") out.min = Math.floor(prop.exclusiveMinimum) + 1;
    if (kind === "integer" && typeof prop.exclusiveMaximum === "number") out.max = Math.ceil(prop.exclusiveMaximum) - 1;
  }
  if (kind === "string" || kind === "expression") {
    if (prop.minLength !== undefined) out.minLength = prop.minLength;
    if (prop.maxLength !== undefined) out.maxLength = prop.maxLength;
  }
  return out;
}

/** Where a reference can be completed: the word `[from, to)` around the caret, and what was typed of it. */
export type ReferenceSlot = { from: number; to: number; query: string };

/**
 * The reference slot at the caret. In a template string it exists only inside an unclosed `${{`; in a
 * bare CEL expression it is the word at the caret (possibly empty).
 */
export function referenceSlot(text: string, caret: number, mode: "template" | "expression"): ReferenceSlot | null {
  const before = text.slice(0, caret);
  if (mode === "template") {
    const open = before.lastIndexOf("${{");
    if (open === -1 || before.includes("}}", open)) return null;
  }
  const query = /[\w.-]*$/.exec(before)?.[0] ?? "";
  const tail = /^[\w.-]*/.exec(text.slice(caret))?.[0] ?? "";
  return { from: caret - query.length, to: caret + tail.length, query };
}

/** Suggestions containing the query (case-insensitive), those starting with it first. */
export function matchReferences(suggestions: readonly string[], query: string): string[] {
  const q = query.toLowerCase();
  const hits = suggestions.filter((s) => s.toLowerCase().includes(q));
  return [...hits.filter((s) => s.toLowerCase().startsWith(q)), ...hits.filter((s) => !s.toLowerCase().startsWith(q))];
}

/** Puts `reference` in the slot; in a template it also adds the spaces and the `}}` still missing. */
export function insertReference(
  text: string,
  slot: ReferenceSlot,
  reference: string,
  mode: "template" | "expression",
): { text: string; caret: number } {
  const head = text.slice(0, slot.from);
  const rest = text.slice(slot.to);
  if (mode === "expression") return { text: head + reference + rest, caret: head.length + reference.length };
  const lead = head.endsWith("{") ? " " : "";
  const close = rest.indexOf("}}");
  const nextOpen = rest.indexOf("${{");
  const isClosed = close !== -1 && (nextOpen === -1 || close < nextOpen);
  const trail = !isClosed ? " }}" : rest.startsWith("}}") ? " " : "";
  const inserted = lead + reference + trail;
  return { text: head + inserted + rest, caret: head.length + inserted.length };
}
