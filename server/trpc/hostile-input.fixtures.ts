import fc from "fast-check";
import { TEMPLATES } from "@/lib/workflow/templates";

/** Generators of hostile values for hostile-input.int.test.ts; each makes input that must be refused. */
type Json = Record<string, unknown>;
const base = TEMPLATES.find((t) => t.id === "blue-green-deploy")!.definition;

const ODD = ["\u202E", "\u202D", "\u2066", "\u200F", "\uFEFF", "\u0301", "🦄", "\uD83D", "\u0007", "\u001B[31m", "ﷺ", "\u0000"];
const oddText = fc.array(fc.oneof(fc.constantFrom(...ODD), fc.string({ maxLength: 4 })), { maxLength: 8 }).map((a) => a.join(""));

/** Text with a NUL character among RTL overrides, combining marks, lone surrogates and escapes (Postgres cannot store NUL). */
export const hostileStrings = fc.tuple(oddText, oddText).map(([a, b]) => `${a}\u0000${b}`);
/** Unicode/RTL text longer than `max` characters. */
export const longUnicode = (max: number) => fc.tuple(oddText, fc.constantFrom(...ODD.slice(0, 7))).map(([a, c]) => `${a}${c.repeat(max + 1)}`);

export function nested(depth: number, leaf: unknown = "leaf"): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { d: v };
  return v;
}

const nodeIndex = fc.nat({ max: base.nodes.length - 1 });
/** Each breaks the valid base definition in one known way. */
export const DEFINITION_BREAKAGES = fc.oneof(
  fc.record({ kind: fc.constant("cycle"), i: nodeIndex }),
  fc.record({ kind: fc.constant("unknown-type"), i: nodeIndex, type: oddText }),
  fc.record({ kind: fc.constant("wrong-type"), i: nodeIndex, field: fc.constantFrom("id", "position", "config", "onError", "retry", "timeoutSeconds", "when"), value: fc.oneof(fc.integer({ min: 86_401 }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })) }),
  fc.record({ kind: fc.constant("proto"), i: nodeIndex, key: fc.constantFrom("__proto__", "constructor", "prototype") }),
  fc.record({ kind: fc.constant("huge-string"), i: nodeIndex, size: fc.integer({ min: 100_001, max: 300_000 }) }),
  fc.record({ kind: fc.constant("deep"), i: nodeIndex, depth: fc.integer({ min: 40, max: 3000 }) }),
  fc.record({ kind: fc.constant("duplicate-id"), i: nodeIndex }),
  fc.record({ kind: fc.constant("dangling-edge"), target: fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/) }),
  fc.record({ kind: fc.constant("extra-key"), key: fc.stringMatching(/^[a-zA-Z]{1,12}$/) }),
  fc.record({ kind: fc.constant("not-an-object"), value: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })) }),
  fc.record({ kind: fc.constant("many-nodes"), n: fc.constantFrom(2_001, 10_000) }),
  fc.record({ kind: fc.constant("bad-template"), i: nodeIndex, text: fc.constantFrom("${{", "${{ inputs.app_image", "x ${{ }} y ${{", "${{ steps..outputs }}", "${{ ((((( }}", "${{ inputs.nope }}", "${{ steps.nope.outputs.x }}") }),
  fc.record({ kind: fc.constant("bad-when"), i: nodeIndex, when: fc.constantFrom("resource.region ==", "((((", "1 +", "\"unterminated", "a.b.c(", "]", "true &&& false") }),
  fc.record({ kind: fc.constant("nul"), i: nodeIndex, where: fc.constantFrom("name", "config") , text: hostileStrings }),
  fc.record({ kind: fc.constant("odd-id"), i: nodeIndex, id: oddText.map((s) => `a${s}\u202E`) }),
  fc.record({ kind: fc.constant("bad-input"), input: fc.oneof(fc.constant({ name: "x", type: "date" }), fc.constant({ name: "Bad Name", type: "string" }), fc.constant({ name: "x", type: "select", options: [""] }), fc.constant({ name: "x", type: "number", default: [1] }), fc.constant({ name: "x", type: "string", extra: true }), fc.constant("x")) }),
);
/** Drafts may hold broken expressions (the designer lists them; a run refuses to start): not refused by a save. */
export const STORED_BREAKAGES = DEFINITION_BREAKAGES.filter((b) => b.kind !== "bad-template" && b.kind !== "bad-when");
export type DefinitionBreakage = Json & { kind: string };

/** A broken copy of the base definition, as JSON text (some breakages cannot be written by JSON.stringify). */
export function brokenDefinition(b: DefinitionBreakage): string {
  const d = structuredClone(base) as unknown as { nodes: Json[]; edges: Json[]; inputs: unknown[] } & Json;
  const node = (i: unknown) => d.nodes[i as number]!;
  switch (b.kind) {
    case "cycle": {
      const first = d.edges[0]!;
      d.edges.push({ source: first.target, target: first.source, on: "success" });
      break;
    }
    case "unknown-type":
      node(b.i).type = `x-${b.type as string}`;
      break;
    case "wrong-type":
      node(b.i)[b.field as string] = b.value;
      break;
    case "proto":
      (node(b.i).config as Json).zz_placeholder = 1;
      return JSON.stringify(d).replace('"zz_placeholder":1', `"${b.key as string}":{"polluted":true}`);
    case "huge-string":
      (node(b.i).config as Json).note = "x".repeat(b.size as number);
      break;
    case "deep":
      (node(b.i).config as Json).deep = nested(b.depth as number);
      break;
    case "duplicate-id":
      d.nodes.push({ ...node(b.i), name: "twin" });
      break;
    case "dangling-edge":
      d.edges.push({ source: node(0).id, target: `zz_${b.target as string}`, on: "success" });
      break;
    case "extra-key":
      d[`x${b.key as string}`] = 1;
      break;
    case "not-an-object":
      return JSON.stringify(b.value ?? null);
    case "many-nodes":
      d.nodes = Array.from({ length: b.n as number }, (_, i) => ({ id: `n${i}`, type: "wait", name: `Step ${i}`, position: { x: i, y: 0 }, config: { seconds: 1 } }));
      d.edges = [];
      break;
    case "bad-template":
      (node(b.i).config as Json).note = b.text;
      node(b.i).name = `Step ${b.text as string}`;
      if ("message" in (node(b.i).config as Json) || "url" in (node(b.i).config as Json)) break;
      node(b.i).when = "${{";
      break;
    case "bad-when":
      node(b.i).when = b.when;
      break;
    case "nul":
      if (b.where === "name") node(b.i).name = b.text;
      else (node(b.i).config as Json).note = b.text;
      break;
    case "odd-id":
      node(b.i).id = b.id;
      break;
    case "bad-input":
      d.inputs = [...d.inputs, b.input];
      break;
  }
  return JSON.stringify(d);
}
