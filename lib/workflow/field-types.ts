import { z } from "zod";
import { typeOfValue, type FieldTypes, type ValueType } from "./types";

/**
 * What a step config field takes, read from the step type's zod schema: the value types a value at a path
 * inside the config may have. Shared by the designer's type check and the engine's conversion, so both
 * agree on what "the field wants text" means.
 */
type Schema = z.core.$ZodType;
export type ConfigPath = ReadonlyArray<string | number>;

/**
 * A union branch that exists only so an unrendered `${{ … }}` passes design-time parsing (numberOrTemplate
 * in lib/catalog/steps/fields.ts): after rendering, no value should ever need it.
 */
export function isTemplateBranch(schema: Schema): boolean {
  return z.globalRegistry.get(schema)?.template === true;
}

/** Through the wrappers that do not change what type a value must have. */
function unwrap(schema: Schema): Schema {
  let s = schema;
  for (;;) {
    if (
      s instanceof z.core.$ZodDefault ||
      s instanceof z.core.$ZodPrefault ||
      s instanceof z.core.$ZodOptional ||
      s instanceof z.core.$ZodNullable ||
      s instanceof z.core.$ZodNonOptional ||
      s instanceof z.core.$ZodReadonly ||
      s instanceof z.core.$ZodCatch
    ) {
      s = s._zod.def.innerType;
    } else if (s instanceof z.core.$ZodPipe) {
      // A value is parsed by the pipe's input side first; that is what a rendered value has to match.
      s = s._zod.def.in;
    } else {
      return s;
    }
  }
}

function childAt(s: Schema, key: string | number): Schema | undefined {
  if (s instanceof z.core.$ZodObject) {
    const shape = s._zod.def.shape;
    return Object.hasOwn(shape, key) ? shape[key] : s._zod.def.catchall;
  }
  if (s instanceof z.core.$ZodRecord) return s._zod.def.valueType;
  if (s instanceof z.core.$ZodArray) return s._zod.def.element;
  if (s instanceof z.core.$ZodTuple) {
    const index = Number(key);
    return Number.isInteger(index) ? (s._zod.def.items[index] ?? s._zod.def.rest ?? undefined) : undefined;
  }
  return undefined;
}

/** Adds the types of a schema with no wrappers left; false when it takes anything (or we cannot tell). */
function addLeafTypes(s: Schema, out: Set<ValueType>): boolean {
  if (s instanceof z.core.$ZodString || s instanceof z.core.$ZodTemplateLiteral) out.add("string");
  else if (s instanceof z.core.$ZodNumber || s instanceof z.core.$ZodBigInt) out.add("number");
  else if (s instanceof z.core.$ZodBoolean) out.add("boolean");
  else if (s instanceof z.core.$ZodEnum) for (const v of Object.values(s._zod.def.entries)) out.add(typeof v === "number" ? "number" : "string");
  else if (s instanceof z.core.$ZodLiteral) {
    for (const v of s._zod.def.values) {
      const type = typeOfValue(v);
      if (type) out.add(type);
    }
  } else if (s instanceof z.core.$ZodArray || s instanceof z.core.$ZodTuple || s instanceof z.core.$ZodSet) out.add("list");
  else if (s instanceof z.core.$ZodObject || s instanceof z.core.$ZodRecord || s instanceof z.core.$ZodMap) out.add("map");
  // null/undefined add no type: a template never needs to produce them to fill an optional field.
  else if (!(s instanceof z.core.$ZodNull || s instanceof z.core.$ZodUndefined)) return false;
  return true;
}

/** Walks `path` from `schema`, adding the types of every schema a value there may match. */
function collect(schema: Schema, path: ConfigPath, depth: number, out: Set<ValueType>): boolean {
  if (isTemplateBranch(schema)) return true;
  const s = unwrap(schema);
  if (s instanceof z.core.$ZodUnion) {
    return s._zod.def.options.every((option) => collect(option, path, depth, out));
  }
  if (depth === path.length) return addLeafTypes(s, out);
  const child = childAt(s, path[depth]!);
  return child ? collect(child, path, depth + 1, out) : false;
}

const cache = new WeakMap<Schema, Map<string, FieldTypes>>();
const MAX_CACHED_PATHS = 1000;

/**
 * The types a value at `path` inside a config may have: object shapes, a record's value type and an
 * array's element type are followed through default/optional/nullable/pipe wrappers; a union takes any of
 * its members' types (minus template-only branches); string enums and literals are strings. Null when the
 * field takes anything, the path leaves the schema, or an intersection or custom schema hides the answer.
 * Cached per schema and path: the designer asks on every edit.
 *
 * @example
 * fieldTypes(instanceGroup.config, ["desired"])        // Set {"number"}
 * fieldTypes(instanceGroup.config, ["tags", "team"])   // Set {"string"}
 */
export function fieldTypes(schema: Schema, path: ConfigPath): FieldTypes {
  let bySchema = cache.get(schema);
  if (!bySchema) cache.set(schema, (bySchema = new Map<string, FieldTypes>()));
  const key = path.join("\u0000");
  const cached = bySchema.get(key);
  if (cached !== undefined) return cached;
  const out = new Set<ValueType>();
  const types = collect(schema, path, 0, out) && out.size > 0 ? out : null;
  // Record keys are the user's own (tags, env), so the paths are unbounded over a long session.
  if (bySchema.size >= MAX_CACHED_PATHS) bySchema.clear();
  bySchema.set(key, types);
  return types;
}
