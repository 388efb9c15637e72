import { MAX_DEFINITION_BYTES } from "./schema";

export type PathError = { path: string; message: string };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
export const MAX_DEPTH = 32;
export const MAX_STRING_LENGTH = 100_000;

/** `nodes[3].config.size` from ["nodes", 3, "config", "size"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out || "(definition)";
}

/**
 * Checks what a schema cannot check cheaply before anything else looks at untrusted input: total size,
 * nesting depth, giant strings, and keys that could pollute prototypes. Iterative, so deep input cannot
 * overflow the stack.
 */
export function checkLimits(value: unknown): PathError[] {
  let size: number;
  try {
    size = new TextEncoder().encode(JSON.stringify(value) ?? "").length;
  } catch {
    return [{ path: "(definition)", message: "is not plain JSON data" }];
  }
  if (size > MAX_DEFINITION_BYTES) {
    return [{ path: "(definition)", message: `is ${(size / 1e6).toFixed(1)} MB; the limit is ${MAX_DEFINITION_BYTES / 1e6} MB` }];
  }
  const errors: PathError[] = [];
  const stack: Array<{ v: unknown; path: PropertyKey[] }> = [{ v: value, path: [] }];
  while (stack.length > 0 && errors.length < 50) {
    const { v, path } = stack.pop()!;
    if (typeof v === "string" && v.length > MAX_STRING_LENGTH) {
      errors.push({ path: formatPath(path), message: `is ${v.length} characters long; the limit is ${MAX_STRING_LENGTH}` });
    } else if (v !== null && typeof v === "object") {
      if (path.length >= MAX_DEPTH) {
        errors.push({ path: formatPath(path), message: `is nested more than ${MAX_DEPTH} levels deep` });
        continue;
      }
      if (Array.isArray(v)) v.forEach((item, i) => stack.push({ v: item, path: [...path, i] }));
      else {
        for (const key of Object.keys(v)) {
          if (FORBIDDEN_KEYS.has(key)) errors.push({ path: formatPath([...path, key]), message: "is not an allowed key" });
          else stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
        }
      }
    }
  }
  return errors;
}
