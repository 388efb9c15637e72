import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "./schema";
import { testLookup } from "./test-steps";
import { hasErrors, parseDefinition, validateDefinition } from "./validate";

const node = (id: string, type = "make", config: Record<string, unknown> = {}, extra: object = {}) => ({
  id,
  type,
  name: id,
  position: { x: 0, y: 0 },
  config,
  onError: "fail" as const,
  ...extra,
});
const def = (d: Partial<WorkflowDefinition>): WorkflowDefinition => ({ nodes: [], edges: [], inputs: [], onFailure: "stop", ...d });
const codes = (d: WorkflowDefinition) => validateDefinition(d, testLookup).map((p) => `${p.code}@${p.path}`);

describe("parseDefinition (what can be saved at all)", () => {
  it("accepts a good definition and fills defaults", () => {
    const r = parseDefinition({ nodes: [{ id: "a", type: "make", name: "A", position: { x: 1, y: 2 } }] }, testLookup);
    expect(r.ok && r.definition).toMatchObject({ nodes: [{ id: "a", config: {}, onError: "fail" }], edges: [], inputs: [], onFailure: "stop" });
  });

  it("rejects with the path of each problem", () => {
    const r = parseDefinition(
      {
        nodes: [node("a"), node("a", "nope"), { ...node("c"), position: { x: "left", y: 0 } }],
        edges: [],
      },
      testLookup,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(["nodes[2].position.x"]);
    const r2 = parseDefinition({ nodes: [node("a"), node("a", "nope")], edges: [{ source: "a", target: "zz" }] }, testLookup);
    expect(!r2.ok && r2.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'nodes[1].id: "a" is used by another step',
      'nodes[1].type: "nope" is not a known step type',
      'edges[0].target: no step "zz"',
    ]);
  });

  it("rejects self-loops, duplicate connections and cycles", () => {
    const nodes = [node("a"), node("b")];
    expect(parseDefinition({ nodes, edges: [{ source: "a", target: "a" }] }, testLookup)).toMatchObject({ ok: false, errors: [{ path: "edges[0]" }] });
    expect(parseDefinition({ nodes, edges: [{ source: "a", target: "b" }, { source: "a", target: "b", on: "failure" }] }, testLookup)).toMatchObject({ ok: false, errors: [{ path: "edges[1]" }] });
    const cyc = parseDefinition({ nodes, edges: [{ source: "a", target: "b" }, { source: "b", target: "a" }] }, testLookup);
    expect(!cyc.ok && cyc.errors[0]!.message).toMatch(/cycle: a → b → a/);
  });

  it("rejects prototype keys, giant strings, deep nesting and oversized input", () => {
    const proto = JSON.parse('{"nodes":[{"id":"a","type":"make","name":"A","position":{"x":0,"y":0},"config":{"__proto__":{"x":1}}}]}') as unknown;
    expect(parseDefinition(proto, testLookup)).toMatchObject({ ok: false, errors: [{ path: "nodes[0].config.__proto__" }] });
    expect(parseDefinition({ nodes: [node("a", "make", { label: "x".repeat(200_000) })] }, testLookup)).toMatchObject({ ok: false });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(parseDefinition({ nodes: [node("a", "make", { deep })] }, testLookup)).toMatchObject({ ok: false });
    const big = Array.from({ length: 2001 }, (_, i) => node(`n${i}`));
    const r = parseDefinition({ nodes: big }, testLookup);
    expect(!r.ok && r.errors[0]!.message).toMatch(/at most 2000 steps/);
  });
});

describe("validateDefinition (live problems of a draft)", () => {
  it("is clean for a correct workflow", () => {
    const d = def({
      inputs: [{ name: "region", type: "string", required: true }],
      nodes: [node("web", "make", { label: "${{ inputs.region }}" }), node("ok", "check", { expression: "steps.web.outputs.count > 1" }), node("big", "make")],
      edges: [
        { source: "web", target: "ok", on: "success" },
        { source: "ok", target: "big", on: "true" },
      ],
    });
    expect(validateDefinition(d, testLookup)).toEqual([]);
  });

  it("reports invalid config, bad and non-upstream references, unknown inputs and outputs", () => {
    const d = def({
      nodes: [
        node("a", "make", { size: "huge", label: "${{ steps.b.outputs.url }}" }),
        node("b", "make", { label: "${{ inputs.nope }} ${{ steps.a.outputs.nope }} ${{ steps.zz.outputs.url }}" }),
        node("c", "check", { expression: "steps.a.outputs. >" }),
      ],
      edges: [
        { source: "a", target: "b", on: "success" },
        { source: "b", target: "c", on: "success" },
      ],
    });
    expect(codes(d)).toEqual([
      "invalid-config@nodes[0].config.size",
      "not-upstream@nodes[0].config.label",
      "unknown-input@nodes[1].config.label",
      "unknown-output@nodes[1].config.label",
      "missing-reference@nodes[1].config.label",
      "invalid-expression@nodes[2].config.expression",
    ]);
  });

  it("reports cycles, unknown types, branch edges out of non-conditions and steps that can never run", () => {
    const d = def({
      nodes: [node("a"), node("b"), node("c", "gone")],
      edges: [
        { source: "a", target: "b", on: "true" },
        { source: "b", target: "c", on: "success" },
        { source: "c", target: "b", on: "success" },
      ],
    });
    const found = codes(d);
    expect(found).toContain("cycle@nodes[1]");
    expect(found).toContain("cycle@nodes[2]");
    expect(found).toContain("unknown-type@nodes[2].type");
    expect(found).toContain("bad-edge@edges[0].on");
    expect(hasErrors(validateDefinition(d, testLookup))).toBe(true);
  });

  it("warns about empty workflows and disconnected steps without blocking", () => {
    expect(codes(def({}))).toEqual(["empty@nodes"]);
    const problems = validateDefinition(def({ nodes: [node("a"), node("b")] }), testLookup);
    expect(problems.map((p) => p.code)).toEqual(["disconnected", "disconnected"]);
    expect(hasErrors(problems)).toBe(false);
  });

  it("checks a `when` condition and an unclosed template", () => {
    const d = def({ nodes: [node("a", "make", { label: "${{ inputs.x" }, { when: "inputs.go ==" })] });
    expect(codes(d)).toEqual(["invalid-expression@nodes[0].when", "invalid-expression@nodes[0].config.label"]);
  });
});
