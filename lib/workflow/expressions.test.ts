import { describe, expect, it } from "vitest";
import { checkExpression, findTemplates, hasUnclosedTemplate } from "./expressions";

describe("expressions", () => {
  it("finds ${{ }} templates in text", () => {
    expect(findTemplates("http://${{ steps.lb.outputs.host }}:${{inputs.port}}/").map((t) => t.expression)).toEqual([
      "steps.lb.outputs.host",
      "inputs.port",
    ]);
    expect(hasUnclosedTemplate("a ${{ inputs.x")).toBe(true);
    expect(hasUnclosedTemplate("a ${{ inputs.x }}")).toBe(false);
  });

  it("lists the steps and inputs an expression references", () => {
    const { error, references } = checkExpression('steps.web.outputs.count > 2 && inputs.region == "eu" || steps["db"].outputs.url != ""');
    expect(error).toBeNull();
    expect(references).toEqual([
      { kind: "step", stepId: "web", output: "count" },
      { kind: "input", name: "region" },
      { kind: "step", stepId: "db", output: "url" },
    ]);
  });

  it("does not take macro variables for references", () => {
    const { references } = checkExpression("steps.g.outputs.ids.exists(x, x == inputs.id)");
    expect(references).toEqual([
      { kind: "step", stepId: "g", output: "ids" },
      { kind: "input", name: "id" },
    ]);
    expect(checkExpression("size(foo) > 1").references).toEqual([{ kind: "unknown", root: "foo" }]);
  });

  it("reports a syntax error instead of throwing, and never evaluates", () => {
    expect(checkExpression("steps.web.outputs.").error).toMatch(/Not a valid CEL expression/);
    expect(checkExpression("").error).toMatch(/empty/);
    expect(checkExpression("process.exit(1)").references).toEqual([{ kind: "unknown", root: "process" }]);
  });
});
