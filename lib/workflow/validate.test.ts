import { describe, expect, it } from "vitest";
import { getStep } from "../catalog";
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

describe("validateDefinition: expression types against the fields they fill (real catalog)", () => {
  const inputs: WorkflowDefinition["inputs"] = [
    { name: "app_image", type: "string", required: true },
    { name: "ttl_hours", type: "number", required: true, default: 8 },
    { name: "go", type: "boolean", required: true },
    { name: "tier", type: "select", required: true, options: ["gold"] },
  ];
  const group = (config: Record<string, unknown>, extra: object = {}) => node("group", "instance-group", config, extra);
  const typed = (nodes: WorkflowDefinition["nodes"], edges: WorkflowDefinition["edges"] = []) =>
    validateDefinition(def({ inputs, nodes, edges }), getStep).map((p) => `${p.severity} ${p.code}@${p.path}: ${p.message}`);
  const after = (...ids: string[]) => ids.slice(1).map((target, i) => ({ source: ids[i]!, target, on: "success" as const }));

  it("lets a number or true/false into a text field: the engine converts it", () => {
    const tags = { "ttl-hours": "${{ inputs.ttl_hours }}", public: "${{ inputs.go }}", tier: "${{ inputs.tier }}" };
    expect(typed([node("vpc0", "vpc", { tags }), group({ tags, desired: "${{ inputs.ttl_hours }}" })], after("vpc0", "group"))).toEqual([]);
  });

  it("reports text going into a number, with the field's path and what the reference is", () => {
    expect(typed([group({ desired: "${{ inputs.app_image }}" })])).toEqual([
      "error type-mismatch@nodes[0].config.desired: desired expects a number, but inputs.app_image is text.",
    ]);
    expect(typed([node("b", "bucket", { retentionDays: "${{ inputs.go }}" })])).toEqual([
      "error type-mismatch@nodes[0].config.retentionDays: retentionDays expects a number, but inputs.go is true/false.",
    ]);
  });

  it("reports a list output going into a text field, also inside a map", () => {
    const lb = node("lb", "load-balancer", { targets: "${{ steps.group.outputs.instanceIds }}", tags: { ids: "${{ steps.group.outputs.instanceIds }}" } });
    expect(typed([node("a", "wait"), node("b", "wait"), node("c", "wait"), group({}), lb], after("a", "b", "c", "group", "lb"))).toEqual([
      "error type-mismatch@nodes[4].config.targets: targets expects text, but steps.group.outputs.instanceIds is a list.",
      "error type-mismatch@nodes[4].config.tags.ids: tags.ids expects text, but steps.group.outputs.instanceIds is a list.",
    ]);
    const child = node("child", "sub-workflow", { workflowId: "w1", inputs: { ids: "${{ steps.group.outputs.instanceIds }}", n: "${{ steps.group.outputs.size }}" } });
    expect(typed([group({}), child], after("group", "child"))).toEqual([
      "error type-mismatch@nodes[1].config.inputs.ids: inputs.ids expects text, a number or true/false, but steps.group.outputs.instanceIds is a list.",
    ]);
  });

  it("reports an interpolated template going into a number, once per field", () => {
    const found = typed([group({ desired: "${{ inputs.ttl_hours }}${{ inputs.ttl_hours }}" }), node("b", "bucket", { retentionDays: " ${{ inputs.ttl_hours }}" })], after("group", "b"));
    expect(found).toEqual([
      "error type-mismatch@nodes[0].config.desired: desired expects a number, but this value is text: only a value that is exactly one ${{ … }} keeps the expression's type.",
      "error type-mismatch@nodes[1].config.retentionDays: retentionDays expects a number, but this value is text: only a value that is exactly one ${{ … }} keeps the expression's type.",
    ]);
    // The schema already rejects it (not a single template): that problem alone is enough.
    expect(typed([group({ desired: "${{ inputs.ttl_hours }} servers" })]).map((p) => p.split(":")[0])).toEqual(["error invalid-config@nodes[0].config.desired"]);
  });

  it("leaves expressions of uncertain type alone", () => {
    expect(typed([group({ desired: "${{ inputs.app_image * 2 }}", image: "${{ inputs.ttl_hours + 1 }}" })])).toEqual([]);
  });

  it("warns when a condition is a plain reference to something that is not true/false", () => {
    const nodes: WorkflowDefinition["nodes"] = [
      group({}),
      node("ok", "condition", { expression: "steps.group.outputs.size" }),
      node("notify", "notify", {}, { when: "steps.group.outputs.groupId" }),
    ];
    expect(typed(nodes, [...after("group", "ok"), { source: "ok", target: "notify", on: "true" }])).toEqual([
      "warning type-mismatch@nodes[1].config.expression: A condition should be true or false, but steps.group.outputs.size is a number, so it never holds.",
      "warning type-mismatch@nodes[2].when: A condition should be true or false, but steps.group.outputs.groupId is text, so it never holds.",
    ]);
    nodes[1]!.config.expression = "steps.group.outputs.size > 1";
    nodes[2]!.when = "inputs.go";
    expect(typed(nodes, [...after("group", "ok"), { source: "ok", target: "notify", on: "true" }])).toEqual([]);
  });
});

describe("outputs read on a failure path", () => {
  const check = (expression: string, on: "failure" | "always" | "success") =>
    validateDefinition(
      def({
        nodes: [node("probe", "http-health-check", { url: "https://app.example.com/health" }), node("say", "notify", { message: `\${{ ${expression} }}` })],
        edges: [{ source: "probe", target: "say", on }],
      }),
      getStep,
    ).filter((p) => p.code === "unset-on-failure");

  it("warns when a step after a failure reads an output that is not set on failure, naming the ones that are", () => {
    const http = validateDefinition(
      def({
        nodes: [node("call", "http-request", { url: "https://api.example.com" }), node("say", "notify", { message: "${{ steps.call.outputs.body }}" })],
        edges: [{ source: "call", target: "say", on: "always" }],
      }),
      getStep,
    ).filter((p) => p.code === "unset-on-failure");
    expect(http.map((p) => [p.severity, p.path])).toEqual([["warning", "nodes[1].config.message"]]);
    expect(http[0]!.message).toContain("steps.call.outputs.body is not set (a failed step of this type reports no outputs)");
  });

  it("says nothing for failure outputs, or on a success connection", () => {
    expect(check("steps.probe.outputs.error", "failure")).toEqual([]);
    expect(check("steps.probe.outputs.healthy", "always")).toEqual([]);
    expect(check("steps.probe.outputs.error", "success")).toEqual([]);
  });
});
