import { describe, expect, it } from "vitest";
import { diffDefinitions, isEmptyDiff } from "./diff";
import { exportWorkflow, importWorkflow } from "./io";
import type { WorkflowDefinition } from "./schema";
import { testLookup } from "./test-steps";

const definition: WorkflowDefinition = {
  inputs: [{ name: "region", type: "select", required: true, options: ["eu", "us"], default: "eu" }],
  nodes: [
    { id: "web", type: "make", name: "Web: yes/no", position: { x: 0, y: 10.5 }, config: { label: "on", size: "large" }, onError: "continue", retry: { maxAttempts: 3, backoff: "fixed", delaySeconds: 2 } },
    { id: "gate", type: "check", name: "Gate", position: { x: 260, y: 0 }, config: { expression: 'inputs.region == "eu"' }, onError: "fail", when: "true", timeoutSeconds: 30 },
  ],
  edges: [{ source: "web", target: "gate", on: "always" }],
  onFailure: "rollback",
};

describe("import/export", () => {
  for (const format of ["json", "yaml"] as const) {
    it(`round-trips through ${format} without loss`, () => {
      const text = exportWorkflow({ name: "Demo", description: "d", definition }, format);
      const back = importWorkflow(text, testLookup);
      expect(back).toEqual({ ok: true, document: { name: "Demo", description: "d", definition } });
    });
  }

  it("rejects a bad file with the path of each error", () => {
    const text = exportWorkflow({ name: "Demo", description: "", definition }, "yaml").replace("size: large", "size: 7").replace("x: 0", "x: left");
    expect(importWorkflow(text, testLookup)).toEqual({ ok: false, errors: [{ path: "definition.nodes[0].position.x", message: expect.any(String) as string }] });
    expect(importWorkflow("{ not json", testLookup)).toMatchObject({ ok: false, errors: [{ path: "(file)" }] });
    expect(importWorkflow("apiVersion: other/v9\nkind: Workflow\nname: x\ndefinition: {}", testLookup)).toMatchObject({ ok: false, errors: [{ path: "apiVersion" }] });
  });

  it("survives a YAML alias bomb", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");
    expect(importWorkflow(bomb, testLookup).ok).toBe(false);
  });
});

describe("diff", () => {
  it("tells added, removed, changed and moved steps and connections apart", () => {
    const after: WorkflowDefinition = {
      ...definition,
      nodes: [
        { ...definition.nodes[0]!, position: { x: 5, y: 5 } },
        { ...definition.nodes[1]!, config: { expression: "false" } },
        { id: "new", type: "make", name: "New", position: { x: 0, y: 0 }, config: {}, onError: "fail" },
      ],
      edges: [{ source: "web", target: "gate", on: "success" }],
    };
    const d = diffDefinitions(definition, after);
    expect(d).toEqual({
      added: ["new"],
      removed: [],
      changed: [{ id: "gate", name: "Gate", fields: ["config.expression"] }],
      moved: ["web"],
      edgesAdded: ["web → gate (success)"],
      edgesRemoved: ["web → gate (always)"],
      settings: [],
    });
    expect(isEmptyDiff(diffDefinitions(definition, definition))).toBe(true);
  });
});
