import { parse, type ASTNode } from "@marcbachmann/cel-js";

/**
 * Expressions are CEL (never eval): bare in `when` and condition fields, embedded as `${{ … }}` in any other
 * string. This module finds them and lists what they reference, for validation and autocomplete.
 */
export type Reference =
  | { kind: "step"; stepId: string; output: string | null }
  | { kind: "input"; name: string | null }
  | { kind: "unknown"; root: string };

/** `ast` is kept so type inference (types.ts) does not parse the expression a second time. */
export type ExpressionCheck = { error: string | null; references: Reference[]; ast: ASTNode | null };

const TEMPLATE = /\$\{\{([\s\S]*?)\}\}/g;
export const EXPRESSION_ROOTS = ["steps", "inputs"] as const;

/** The `${{ … }}` templates inside a string, with their inner expression. */
export function findTemplates(text: string): Array<{ expression: string; start: number; end: number }> {
  const found: Array<{ expression: string; start: number; end: number }> = [];
  for (const m of text.matchAll(TEMPLATE)) found.push({ expression: m[1]!.trim(), start: m.index, end: m.index + m[0].length });
  return found;
}

/** An unclosed `${{` is a mistake worth reporting rather than silently treating as text. */
export function hasUnclosedTemplate(text: string): boolean {
  return text.replace(TEMPLATE, "").includes("${{");
}

/** `a.b["c"]` as ["a", "b", "c"]; null when any part is computed. */
export function memberChain(node: ASTNode): string[] | null {
  const parts: string[] = [];
  let current: ASTNode = node;
  for (;;) {
    if (current.op === ".") {
      const [target, field] = current.args;
      parts.unshift(field);
      current = target;
    } else if (current.op === "[]") {
      const [target, key] = current.args;
      if (key.op !== "value" || typeof key.args !== "string") return null;
      parts.unshift(key.args);
      current = target;
    } else if (current.op === "id") {
      parts.unshift(current.args);
      return parts;
    } else {
      return null;
    }
  }
}

function collect(node: ASTNode, refs: Reference[]) {
  const chain = node.op === "." || node.op === "[]" || node.op === "id" ? memberChain(node) : null;
  if (chain) {
    const [root, a, b, c] = chain;
    if (root === "steps") refs.push({ kind: "step", stepId: a ?? "", output: b === "outputs" ? (c ?? null) : null });
    else if (root === "inputs") refs.push({ kind: "input", name: a ?? null });
    else refs.push({ kind: "unknown", root: root! });
    return;
  }
  const visit = (v: unknown, out: Reference[] = refs) => {
    if (v && typeof v === "object" && "op" in v) collect(v as ASTNode, out);
    else if (Array.isArray(v)) for (const x of v) visit(x, out);
  };
  if (node.op === "rcall") {
    // `list.exists(x, x > 1)`: a comprehension macro binds its first argument; that name is no reference.
    const [name, target, callArgs] = node.args;
    visit(target);
    const first = callArgs[0];
    const bound = MACROS.has(name) && first?.op === "id" ? (first.args) : null;
    const inner: Reference[] = [];
    visit(callArgs, inner);
    refs.push(...inner.filter((r) => !(r.kind === "unknown" && r.root === bound)));
    return;
  }
  if (node.op === "call") {
    visit((node.args)[1]);
    return;
  }
  visit(node.args);
}

const MACROS = new Set(["all", "exists", "exists_one", "map", "filter"]);

/** Parses one CEL expression; never throws. */
export function checkExpression(expression: string): ExpressionCheck {
  if (expression.trim() === "") return { error: "The expression is empty.", references: [], ast: null };
  try {
    const { ast } = parse(expression);
    const references: Reference[] = [];
    collect(ast, references);
    return { error: null, references, ast };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : "Not a valid expression.";
    return { error: `Not a valid CEL expression: ${message}`, references: [], ast: null };
  }
}
