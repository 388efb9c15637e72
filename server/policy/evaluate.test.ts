import { describe, expect, it } from "vitest";
import type { PolicyFacts } from "@/lib/policy/schemas";
import type { WorkflowNode } from "@/lib/workflow/schema";
import { checkExpression, evaluatePolicy, evaluateStep, isInScope, SAMPLE_FACTS, testExpression, type PolicyRule } from "./evaluate";
import { definitionFacts, stepFacts } from "./facts";
import { SEED_POLICIES } from "./seeds";

const rule = (over: Partial<PolicyRule> = {}): PolicyRule => ({ id: "p1", name: "Regions", expression: `resource.region in ["us-east-1"]`, message: "Not here.", effect: "deny", scopeProviders: [], scopeStepTypes: [], ...over });
const node = (type: string, config: Record<string, unknown>, id = "n1"): WorkflowNode => ({ id, type, name: id, position: { x: 0, y: 0 }, config, onError: "fail" });
const who = { workflow: { id: "w", name: "Web" }, actorRole: "operator" };

describe("CEL policy expressions", () => {
  it("reports syntax errors, unknown variables and non-boolean results; accepts good expressions", () => {
    expect(checkExpression(`resource.region in ["us-east-1"]`)).toEqual({ ok: true });
    expect(checkExpression("resource.region ==")).toMatchObject({ ok: false });
    expect(checkExpression("resourse.region == 'x'")).toMatchObject({ ok: false, message: expect.stringMatching(/resourse/) as string });
    expect(checkExpression("resource.monthlyCost + 1.0")).toMatchObject({ ok: false, message: expect.stringMatching(/true or false/) as string });
    expect(checkExpression("   ")).toMatchObject({ ok: false });
    for (const seed of SEED_POLICIES) expect(checkExpression(seed.expression), seed.name).toEqual({ ok: true });
  });

  it("tests an expression on facts the admin gives", () => {
    expect(testExpression("run.monthlyCost <= 500", { run: { monthlyCost: 120.5 } })).toEqual({ ok: true, holds: true });
    expect(testExpression("run.monthlyCost <= 500", { run: { monthlyCost: 900 } })).toEqual({ ok: true, holds: false });
    expect(testExpression("run.monthlyCost <= 500", {})).toMatchObject({ ok: false });
  });

  it("applies the effect when the expression does not hold, and fails closed at run time", () => {
    const facts: PolicyFacts = structuredClone(SAMPLE_FACTS);
    expect(evaluatePolicy(rule(), facts, { isDesign: false }).outcome).toBe("pass");
    facts.resource.region = "ap-southeast-1";
    expect(evaluatePolicy(rule(), facts, { isDesign: false })).toMatchObject({ outcome: "deny", message: "Not here." });
    expect(evaluatePolicy(rule({ effect: "warn" }), facts, { isDesign: false }).outcome).toBe("warn");
    const broken = rule({ expression: "resource.tags.owner == 'x'" }); // no such key: an evaluation error
    facts.resource.tags = {};
    expect(evaluatePolicy(broken, facts, { isDesign: false })).toMatchObject({ outcome: "deny", message: expect.stringMatching(/could not be evaluated/) as string });
    expect(evaluatePolicy(broken, facts, { isDesign: true }).outcome).toBe("error");
  });

  it("is unknown on the canvas when it reads a value given by an expression", () => {
    const facts = stepFacts(node("provision-instance", { provider: "aws-sim", region: "${{ inputs.region }}", size: "small", tags: {} }), node("provision-instance", { provider: "aws-sim", region: "${{ inputs.region }}", size: "small", tags: {} }).config, who);
    expect(facts.resource.region).toBeNull();
    expect(evaluatePolicy(rule(), facts, { isDesign: true })).toMatchObject({ outcome: "unknown", message: expect.stringMatching(/resource.region/) as string });
    expect(evaluatePolicy(rule({ expression: "resource.size != 'xlarge'" }), facts, { isDesign: true }).outcome).toBe("pass");
  });

  it("scopes by step type (default: steps that create or change a resource) and provider", () => {
    const bucket = stepFacts(node("bucket", { provider: "aws-sim", region: "us-east-1", publicAccess: true }), { provider: "aws-sim", region: "us-east-1", publicAccess: true }, who);
    const notify = stepFacts(node("notify", { message: "hi" }), { message: "hi" }, who);
    expect(isInScope(rule(), bucket)).toBe(true);
    expect(isInScope(rule(), notify)).toBe(false);
    expect(isInScope(rule({ scopeStepTypes: ["provision-instance"] }), bucket)).toBe(false);
    expect(isInScope(rule({ scopeProviders: ["gcp-sim"] }), bucket)).toBe(false);
    expect(isInScope(rule({ scopeProviders: ["aws-sim"] }), bucket)).toBe(true);
    expect(bucket.resource.public).toBe(true);
    expect(evaluateStep([rule({ expression: "!resource.public", scopeStepTypes: ["bucket"] })], bucket, { isDesign: false })[0]!.outcome).toBe("deny");
  });

  it("estimates monthly cost from the provider's price table, per step and for the run", () => {
    const definition = {
      inputs: [],
      onFailure: "stop" as const,
      edges: [],
      nodes: [
        node("provision-instance", { provider: "aws-sim", region: "us-east-1", size: "large", tags: {} }, "big"),
        node("instance-group", { provider: "aws-sim", region: "eu-west-1", size: "small", desired: 3, min: 1, max: 5, tags: {} }, "group"),
        node("provision-instance", { provider: "local", region: "local", size: "small", tags: {} }, "here"),
      ],
    };
    const facts = definitionFacts(definition, (n) => n.config, who);
    expect(facts.get("big")!.resource.monthlyCost).toBe(140.16); // m5.xlarge 0.192 $/h × 730 h
    expect(facts.get("group")!.resource.monthlyCost).toBe(50.08); // 3 × 0.0208 × 1.1 = 0.0686 $/h (as the inventory rounds it) × 730 h
    expect(facts.get("here")!.resource.monthlyCost).toBe(0);
    expect(facts.get("here")!.run.monthlyCost).toBe(190.24);
  });
});
