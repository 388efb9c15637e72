import type { ASTNode } from "@marcbachmann/cel-js";
import type { OutputType } from "../catalog/define";
import { memberChain } from "./expressions";
import type { WorkflowInput } from "./schema";

/**
 * The types values have in a run, named like step outputs. Design time infers what a `${{ … }}` yields and
 * compares it with what the config field takes (field-types.ts); run time converts the one lossless case.
 */
export type ValueType = OutputType;

/** What a config field takes; null when it takes anything or its schema says too little to tell. */
export type FieldTypes = ReadonlySet<ValueType> | null;

const NOUNS: Record<ValueType, string> = { string: "text", number: "a number", boolean: "true/false", list: "a list", map: "a map" };

/** "a number", "text" … for messages a user reads. */
export function describeType(type: ValueType): string {
  return NOUNS[type];
}

/** "a number or text" */
export function describeTypes(types: ReadonlySet<ValueType>): string {
  const names = [...types].map(describeType);
  if (names.length <= 1) return names[0] ?? "nothing";
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** A select input's value is one of its option strings. */
export function inputType(type: WorkflowInput["type"]): ValueType {
  return type === "select" ? "string" : type;
}

/** The type of a run-time (JSON) value; null for null, undefined and anything that is not JSON. */
export function typeOfValue(value: unknown): ValueType | null {
  if (typeof value === "string") return "string";
  if (typeof value === "number" || typeof value === "bigint") return "number";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return "list";
  if (value !== null && typeof value === "object") return "map";
  return null;
}

export type Fit = "fits" | "converts" | "mismatch";

/**
 * Whether a value of `type` can fill a field that takes `accepted`.
 *
 * @example
 * fit("number", new Set(["string"])) // "converts": String(8) reads back as 8, so nothing is lost
 * fit("list", new Set(["string"]))   // "mismatch"
 */
export function fit(type: ValueType, accepted: FieldTypes): Fit {
  if (!accepted || accepted.has(type)) return "fits";
  if ((type === "number" || type === "boolean") && accepted.has("string")) return "converts";
  return "mismatch";
}

/** The declared types of what expressions may reference; undefined where a name is not declared. */
export type ReferenceTypes = {
  input: (name: string) => ValueType | undefined;
  output: (stepId: string, name: string) => ValueType | undefined;
};

const BOOLEAN_OPS: ReadonlySet<string> = new Set(["==", "!=", "<", "<=", ">", ">=", "in", "&&", "||", "!_"]);
/** Global CEL functions whose result type does not depend on their arguments. */
const FUNCTIONS = new Map<string, ValueType>([
  ["size", "number"],
  ["int", "number"],
  ["uint", "number"],
  ["double", "number"],
  ["string", "string"],
  ["bool", "boolean"],
]);
/** The same for methods and macros (`x.contains("a")`, `list.exists(i, i > 1)`). */
const METHODS = new Map<string, ValueType>([
  ["size", "number"],
  ["contains", "boolean"],
  ["startsWith", "boolean"],
  ["endsWith", "boolean"],
  ["matches", "boolean"],
  ["all", "boolean"],
  ["exists", "boolean"],
  ["exists_one", "boolean"],
  ["map", "list"],
  ["filter", "list"],
]);

/**
 * What an expression yields, only where that is certain: a declared input or output, a literal, a
 * comparison or logical operator, a list or map literal, a few typed functions. Anything else (arithmetic,
 * field access into a map, unknown functions) is null, so it is never reported as a mismatch.
 */
export function inferType(ast: ASTNode, refs: ReferenceTypes): ValueType | null {
  if (BOOLEAN_OPS.has(ast.op)) return "boolean";
  switch (ast.op) {
    case "value": {
      // Bytes and unsigned literals (b"…", 1u) are objects, not maps; leave them unknown.
      const type = typeOfValue(ast.args);
      return type === "list" || type === "map" ? null : type;
    }
    case "list":
      return "list";
    case "map":
      return "map";
    case "call":
      return FUNCTIONS.get(ast.args[0]) ?? null;
    case "rcall":
      return METHODS.get(ast.args[0]) ?? null;
    case "?:": {
      const type = inferType(ast.args[1], refs);
      return type !== null && type === inferType(ast.args[2], refs) ? type : null;
    }
    case "id":
    case ".":
    case "[]":
      return referenceType(memberChain(ast), refs);
    default:
      return null;
  }
}

/** `inputs.x` and `steps.a.outputs.b` exactly; a deeper access (`….outputs.tags.team`) is not declared. */
function referenceType(chain: string[] | null, refs: ReferenceTypes): ValueType | null {
  if (!chain) return null;
  const [root, a, b, c] = chain;
  if (root === "inputs" && chain.length === 2) return refs.input(a!) ?? null;
  if (root === "steps" && chain.length === 4 && b === "outputs") return refs.output(a!, c!) ?? null;
  return null;
}
