import { describe, expect, it } from "vitest";
import { checkExpression } from "./expressions";
import { describeTypes, fit, inferType, typeOfValue, type ReferenceTypes, type ValueType } from "./types";

const INPUTS: Record<string, ValueType> = { region: "string", count: "number", go: "boolean" };
const OUTPUTS: Record<string, ValueType> = { url: "string", size: "number", ids: "list", labels: "map", healthy: "boolean" };
const refs: ReferenceTypes = { input: (name) => INPUTS[name], output: (stepId, name) => (stepId === "web" ? OUTPUTS[name] : undefined) };

const typeOf = (expression: string) => {
  const { ast, error } = checkExpression(expression);
  expect(error).toBeNull();
  return inferType(ast!, refs);
};

describe("inferType", () => {
  it.each([
    ["inputs.region", "string"],
    ["inputs.count", "number"],
    ["inputs.go", "boolean"],
    ["steps.web.outputs.url", "string"],
    ['steps["web"].outputs["ids"]', "list"],
    ["steps.web.outputs.labels", "map"],
    ['"text"', "string"],
    ["3", "number"],
    ["2.5", "number"],
    ["true", "boolean"],
    ["[1, 2]", "list"],
    ['{"a": 1}', "map"],
    ["steps.web.outputs.size > 2", "boolean"],
    ['inputs.region == "eu" || !inputs.go', "boolean"],
    ['"a" in steps.web.outputs.ids', "boolean"],
    ["size(steps.web.outputs.ids)", "number"],
    ["string(inputs.count)", "string"],
    ["steps.web.outputs.ids.exists(x, x == inputs.region)", "boolean"],
    ["steps.web.outputs.ids.map(x, x + 1)", "list"],
    ['inputs.go ? "a" : "b"', "string"],
  ] as const)("%s is %s", (expression, type) => {
    expect(typeOf(expression)).toBe(type);
  });

  it.each([
    // Unsure: arithmetic, deeper access into a map, undeclared names, mixed branches, null, unknown functions.
    "inputs.count + 1",
    "steps.web.outputs.labels.team",
    "inputs.nope",
    "steps.db.outputs.url",
    "steps.web.status",
    'inputs.go ? "a" : 1',
    "null",
    "timestamp(inputs.region)",
    "1u",
  ])("%s is unknown", (expression) => {
    expect(typeOf(expression)).toBeNull();
  });
});

describe("fit and the names users read", () => {
  it("allows the lossless conversion into text and nothing else", () => {
    const text = new Set<ValueType>(["string"]);
    expect(fit("string", text)).toBe("fits");
    expect(fit("number", text)).toBe("converts");
    expect(fit("boolean", text)).toBe("converts");
    expect(fit("list", text)).toBe("mismatch");
    expect(fit("map", text)).toBe("mismatch");
    expect(fit("string", new Set(["number"]))).toBe("mismatch");
    expect(fit("number", new Set(["boolean"]))).toBe("mismatch");
    expect(fit("number", new Set(["number", "string"]))).toBe("fits");
    expect(fit("list", null)).toBe("fits");
  });

  it("describes types and run-time values", () => {
    expect(describeTypes(new Set(["number"]))).toBe("a number");
    expect(describeTypes(new Set(["string", "number", "boolean"]))).toBe("text, a number or true/false");
    expect([typeOfValue("a"), typeOfValue(1), typeOfValue(true), typeOfValue([]), typeOfValue({}), typeOfValue(null)]).toEqual(["string", "number", "boolean", "list", "map", null]);
  });
});
