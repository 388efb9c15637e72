import { describe, expect, it } from "vitest";
import { getStep } from "@/lib/catalog";
import { parseDefinition, validateDefinition } from "@/lib/workflow/validate";
import { generateDefinition } from "./generate";

describe("generateDefinition (bench data)", () => {
  it("builds a valid 200-step definition from real step types, with branches and references", () => {
    const definition = generateDefinition(200);
    expect(definition.nodes).toHaveLength(200);
    expect(validateDefinition(definition, getStep)).toEqual([]);
    expect(new Set(definition.nodes.map((n) => n.type)).size).toBeGreaterThanOrEqual(8);
    expect(definition.edges.some((e) => e.on === "true") && definition.edges.some((e) => e.on === "false")).toBe(true);
    expect(JSON.stringify(definition.nodes).match(/\$\{\{ steps\.\w+\.outputs\.\w+ \}\}/g)?.length).toBeGreaterThan(200);
  });

  it("is not a chain: some steps fan out and some fan in", () => {
    const { edges } = generateDefinition(200);
    const count = (key: "source" | "target") => {
      const degree = new Map<string, number>();
      for (const e of edges) degree.set(e[key], (degree.get(e[key]) ?? 0) + 1);
      return Math.max(...degree.values());
    };
    expect(count("source")).toBeGreaterThan(1);
    expect(count("target")).toBeGreaterThan(1);
  });

  it("produces a 2,000-step definition that parseDefinition accepts (within the size limits)", () => {
    const result = parseDefinition(JSON.parse(JSON.stringify(generateDefinition(2000))), getStep);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
