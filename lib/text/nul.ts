/**
 * PostgreSQL's text and jsonb cannot hold the NUL character (U+0000): a string with one fails deep in the
 * driver. Input is searched for it up front so it is refused with the path at fault instead.
 * Iterative, and safe on cyclic values (a YAML file can describe one).
 *
 * @example findNul({ nodes: [{ name: "a\u0000" }] }) // "nodes.0.name"
 */
export function findNul(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return path || "(input)";
      continue;
    }
    if (!v || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    for (const [key, child] of Object.entries(v)) {
      const p = path ? `${path}.${key}` : key;
      if (key.includes("\u0000")) return p;
      stack.push([child, p]);
    }
  }
  return null;
}

export const NUL_MESSAGE = "must not contain the NUL character (\\u0000)";
