import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getStep } from "@/lib/catalog";
import { renderConfig, type ExpressionScope } from "./expressions";

const scope: ExpressionScope = {
  inputs: { ttl: 8, go: true, image: "shop:2", count: 3, big: 500 },
  steps: { g: { status: "succeeded", outputs: { instanceIds: ["i-1", "i-2"], size: 2, groupId: "grp-1" } } },
};
const group = getStep("instance-group")!.config;

describe("renderConfig", () => {
  it("renders templates, keeps whole-template types and converts numbers and booleans into text fields", () => {
    const result = renderConfig(
      { name: "web-${{ inputs.count }}", desired: "${{ inputs.count }}", image: "${{ inputs.image }}", tags: { ttl: "${{ inputs.ttl }}", public: "${{ inputs.go }}", team: "web" } },
      group,
      scope,
    );
    expect(result).toMatchObject({ ok: true, value: { name: "web-3", desired: 3, image: "shop:2", tags: { ttl: "8", public: "true", team: "web" } } });
  });

  it("does not convert where the field takes the value's own type", () => {
    const schema = z.object({ values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) });
    expect(renderConfig({ values: { n: "${{ inputs.count }}", b: "${{ inputs.go }}" } }, schema, scope)).toEqual({ ok: true, value: { values: { n: 3, b: true } } });
  });

  it("names the path, the types and the expression when a value cannot fit", () => {
    const result = renderConfig(
      { desired: "${{ inputs.image }}", tags: { "ttl-hours": "${{ steps.g.outputs.instanceIds }}" }, image: "${{ steps.g.outputs.instanceIds }}" },
      group,
      scope,
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        "desired: expected a number, got text from ${{ inputs.image }}",
        "tags.ttl-hours: expected text, got a list from ${{ steps.g.outputs.instanceIds }}",
        "image: expected text, got a list from ${{ steps.g.outputs.instanceIds }}",
      ],
    });
  });

  it("reports what the schema rejects after rendering, and expressions that cannot be evaluated", () => {
    const result = renderConfig({ name: "${{ steps.g.outputs.nope }}", desired: "${{ inputs.big }}" }, group, scope);
    expect(result).toEqual({
      ok: false,
      issues: [
        "name: could not evaluate ${{ steps.g.outputs.nope }}: No such key: nope",
        "desired: Too big: expected number to be <=100 (from ${{ inputs.big }})",
        "max: must be at least the desired count (500)",
      ],
    });
  });

  it("runs the schema's object-level checks on the rendered values", () => {
    const result = renderConfig({ desired: "${{ inputs.count }}", max: 2 }, group, scope);
    expect(result).toEqual({ ok: false, issues: ["max: must be at least the desired count (3)"] });
  });
});
