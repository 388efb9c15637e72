import { describe, expect, it } from "vitest";
import { getStep } from "../../catalog";
import { findCycle } from "../graph";
import { definitionSchema, type WorkflowDefinition } from "../schema";
import { validateDefinition } from "../validate";
import { COLUMN_WIDTH, ROW_HEIGHT } from "./build";
import { getTemplate, TEMPLATES } from "./index";

type Found = { nodeId: string; expression: string };

/** Every expression in the definition: `${{ … }}` inside config strings, plus bare CEL fields and `when`. */
function expressions(definition: WorkflowDefinition): Found[] {
  const found: Found[] = [];
  const walk = (nodeId: string, value: unknown) => {
    if (typeof value === "string") for (const m of value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) found.push({ nodeId, expression: m[1]!.trim() });
    else if (Array.isArray(value)) value.forEach((v) => walk(nodeId, v));
    else if (value && typeof value === "object") Object.values(value).forEach((v) => walk(nodeId, v));
  };
  for (const node of definition.nodes) {
    if (node.type === "condition" && typeof node.config.expression === "string") found.push({ nodeId: node.id, expression: node.config.expression });
    if (node.when) found.push({ nodeId: node.id, expression: node.when });
    walk(node.id, node.config);
  }
  return found;
}

function ancestors(definition: WorkflowDefinition, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const e of definition.edges) {
      if (e.target === current && !seen.has(e.source)) {
        seen.add(e.source);
        stack.push(e.source);
      }
    }
  }
  return seen;
}

/** Problems with the references in a definition, as readable strings (empty when all resolve). */
function referenceProblems(definition: WorkflowDefinition): string[] {
  const problems: string[] = [];
  const inputs = new Set(definition.inputs.map((i) => i.name));
  const types = new Map(definition.nodes.map((n) => [n.id, n.type]));
  for (const { nodeId, expression } of expressions(definition)) {
    const roots = [...expression.matchAll(/(?<![\w.])([a-z_][a-z0-9_]*)\./gi)].map((m) => m[1]);
    for (const root of roots) if (root !== "steps" && root !== "inputs") problems.push(`${nodeId}: unknown root "${root}" in ${expression}`);
    for (const [, name] of expression.matchAll(/\binputs\.([a-z0-9_]+)/g)) {
      if (!inputs.has(name!)) problems.push(`${nodeId}: no input ${name}`);
    }
    for (const m of expression.matchAll(/\bsteps\.([a-z0-9_]+)(?:\.(\w+)(?:\.(\w+))?)?/g)) {
      const [, stepId, section, output] = m;
      const type = types.get(stepId!);
      if (!type) problems.push(`${nodeId}: no step ${stepId}`);
      else if (!ancestors(definition, nodeId).has(stepId!)) problems.push(`${nodeId}: ${stepId} is not upstream`);
      else if (section !== "outputs" || !output || !(output in (getStep(type)?.outputs ?? {}))) {
        problems.push(`${nodeId}: ${type} has no output "${output ?? ""}" (${m[0]})`);
      }
    }
  }
  return problems;
}

describe("workflow templates", () => {
  it("has the five seeded templates with unique ids", () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(["three-tier-web", "dev-environment", "blue-green-deploy", "dr-failover", "nightly-backup"]);
    expect(getTemplate("dr-failover")?.name).toBe("Disaster-recovery failover");
    expect(getTemplate("missing")).toBeUndefined();
  });

  describe.each(TEMPLATES.map((t) => [t.id, t] as const))("%s", (_id, template) => {
    const { definition } = template;

    it("is a valid definition that parses to itself", () => {
      expect(definitionSchema.parse(definition)).toEqual(definition);
      expect(template.name.trim()).not.toBe("");
      expect(template.description.length).toBeGreaterThan(40);
    });

    it("uses catalog steps with configs their schemas accept", () => {
      for (const node of definition.nodes) {
        const step = getStep(node.type);
        expect(step, `${node.id}: ${node.type}`).toBeDefined();
        const result = step?.config.safeParse(node.config);
        expect(result?.error?.issues ?? [], node.id).toEqual([]);
      }
    });

    it("has unique ids, edges between its own steps, branch edges only out of conditions, and no cycle", () => {
      const ids = definition.nodes.map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const e of definition.edges) {
        expect(ids).toContain(e.source);
        expect(ids).toContain(e.target);
        const isBranch = e.on === "true" || e.on === "false";
        expect(isBranch, `${e.source} → ${e.target}`).toBe(Boolean(getStep(definition.nodes.find((n) => n.id === e.source)!.type)?.branches));
      }
      expect(findCycle(ids, definition.edges)).toBeNull();
    });

    it("resolves every reference to a declared input or an upstream step's declared output", () => {
      expect(expressions(definition).length).toBeGreaterThan(0);
      expect(referenceProblems(definition)).toEqual([]);
    });

    it("passes the designer's validation without errors or warnings", () => {
      expect(validateDefinition(definition, getStep)).toEqual([]);
    });

    it("is laid out left to right on the grid, one step per cell", () => {
      const cells = new Set<string>();
      const byId = new Map(definition.nodes.map((n) => [n.id, n.position]));
      for (const { id, position } of definition.nodes) {
        expect(position.x % COLUMN_WIDTH, id).toBe(0);
        expect(position.y % ROW_HEIGHT, id).toBe(0);
        cells.add(`${position.x},${position.y}`);
      }
      expect(cells.size).toBe(definition.nodes.length);
      for (const e of definition.edges) expect(byId.get(e.target)!.x, `${e.source} → ${e.target}`).toBeGreaterThan(byId.get(e.source)!.x);
    });

    it("gives every input a label and a default of its own type", () => {
      for (const input of definition.inputs) {
        expect(input.label, input.name).toBeTruthy();
        if (input.default !== undefined) expect(typeof input.default, input.name).toBe(input.type === "number" ? "number" : input.type === "boolean" ? "boolean" : "string");
      }
    });
  });

  it("catches a dangling reference (the helper itself works)", () => {
    const broken = structuredClone(TEMPLATES[0]!.definition);
    broken.nodes[1]!.config.vpc = "${{ steps.network.outputs.nope }} ${{ inputs.missing }} ${{ steps.smoke_test.outputs.status }}";
    expect(referenceProblems(broken)).toEqual([
      `public_subnet: vpc has no output "nope" (steps.network.outputs.nope)`,
      "public_subnet: no input missing",
      "public_subnet: smoke_test is not upstream",
    ]);
  });
});
