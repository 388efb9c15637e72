import * as icons from "lucide-react";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CATALOG, CATEGORY_LABELS, getStep, RESOURCE_TYPES, STEP_CATEGORIES, STEP_LIST } from "./index";

/** Configs for steps with a field the user must decide (no default); every other step must parse `{}`. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  "http-health-check": { url: "http://localhost:8080/health" },
  "http-request": { url: "https://example.com/api/tickets", method: "POST", body: "{}" },
  condition: { expression: "steps.check.outputs.healthy == false" },
  script: { command: "echo hello" },
  "sub-workflow": { workflowId: "wf_123", inputs: { count: 2 } },
};

const iconExports: Record<string, unknown> = icons;

/** Each config field with its zod metadata (label, help, markers such as `expression`). */
function fieldMeta(schema: z.ZodObject): Array<[string, Record<string, unknown> | undefined]> {
  return Object.keys(schema.shape).map((key) => {
    const field: unknown = schema.shape[key];
    return [key, field instanceof z.ZodType ? field.meta() : undefined];
  });
}

describe("step catalog contract", () => {
  it("keys every step by its unique type and lists each once in the palette", () => {
    expect(STEP_LIST).toHaveLength(Object.keys(CATALOG).length);
    expect(new Set(STEP_LIST.map((s) => s.type)).size).toBe(STEP_LIST.length);
    for (const [key, step] of Object.entries(CATALOG)) expect(step.type).toBe(key);
  });

  it("has the step types the templates and the designer rely on", () => {
    for (const type of ["provision-instance", "instance-group", "scale-group", "bucket", "vpc", "subnet", "firewall-rule", "load-balancer", "deploy-app", "http-health-check", "http-request", "wait", "manual-approval", "condition", "script", "notify", "delete-resource", "sub-workflow"]) {
      expect(getStep(type), type).toBeDefined();
    }
    expect(getStep("nope")).toBeUndefined();
    expect(getStep("constructor")).toBeUndefined();
  });

  it("orders the palette by category, then title", () => {
    const keys = STEP_LIST.map((s) => [STEP_CATEGORIES.indexOf(s.category), s.title] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1], "en"));
    expect(keys).toEqual(sorted);
  });

  describe.each(STEP_LIST.map((s) => [s.type, s] as const))("%s", (type, step) => {
    it("has metadata the palette can show", () => {
      expect(type).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(STEP_CATEGORIES).toContain(step.category);
      expect(CATEGORY_LABELS[step.category]).toBeTruthy();
      expect(step.title.trim()).not.toBe("");
      expect(step.description.length).toBeGreaterThan(20);
      expect(iconExports[step.icon], `lucide-react has no icon ${step.icon}`).toBeDefined();
    });

    it("has a config schema the form generator can read, with a label and help on every field", () => {
      expect(step.config).toBeInstanceOf(z.ZodObject);
      const json = z.toJSONSchema(step.config, { io: "input" });
      for (const [key, meta] of fieldMeta(step.config)) {
        expect(meta?.title, `${type}.${key} title`).toBeTruthy();
        expect(meta?.description, `${type}.${key} help`).toBeTruthy();
        expect(json.properties).toHaveProperty(key);
      }
    });

    it("parses an empty or sample config to a complete config", () => {
      const result = step.config.safeParse(SAMPLES[type] ?? {});
      expect(result.error?.issues ?? []).toEqual([]);
      expect(Object.keys(result.data ?? {}).sort()).toEqual(Object.keys(step.config.shape).sort());
      if (!SAMPLES[type]) return;
      // A step with a sample has a required field: an empty config must say which one.
      expect(step.config.safeParse({}).success).toBe(false);
    });

    it("declares outputs, resource and compensation consistently", () => {
      for (const [name, output] of Object.entries(step.outputs)) {
        expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(output.description).toBeTruthy();
      }
      if (step.resource) {
        expect(RESOURCE_TYPES).toContain(step.resource.type);
        if (step.resource.action !== "read") expect(Object.keys(step.outputs).length).toBeGreaterThan(0);
        // Only creates and reversible changes can be undone by a saga rollback.
        if (step.resource.action === "create") expect(step.compensable).toBe(true);
        if (step.resource.action === "delete") expect(step.compensable).toBe(false);
      } else {
        expect(step.compensable).toBe(false);
      }
    });

    it("branches only if it is the condition step", () => {
      expect(step.branches !== undefined).toBe(type === "condition");
    });

    it("rejects unknown config keys, so typos in imported definitions surface", () => {
      expect(step.config.safeParse({ ...SAMPLES[type], notAField: 1 }).success).toBe(false);
    });
  });

  it("gives every resource-creating step provider, region, name and tags", () => {
    for (const step of STEP_LIST.filter((s) => s.resource?.action === "create")) {
      const config: Record<string, unknown> = step.config.parse(SAMPLES[step.type] ?? {});
      expect(config, step.type).toMatchObject({ provider: "local", region: "local", tags: {} });
      expect(config.name, step.type).toEqual(expect.any(String));
    }
  });
});

function issuePaths(type: string, config: Record<string, unknown>): string[] {
  const result = getStep(type)!.config.safeParse(config);
  return (result.error?.issues ?? []).map((i) => i.path.join("."));
}

describe("step configs", () => {
  it("instance-group keeps min <= desired <= max and blames the bound that is off", () => {
    expect(issuePaths("instance-group", { min: 3, desired: 2, max: 4 })).toEqual(["min"]);
    expect(issuePaths("instance-group", { min: 1, desired: 5, max: 4 })).toEqual(["max"]);
    expect(issuePaths("instance-group", { min: 2, desired: 2, max: 2 })).toEqual([]);
    // A templated count is only known at run time, so it is not compared.
    expect(issuePaths("instance-group", { min: 3, desired: "${{ inputs.instance_count }}", max: 4 })).toEqual([]);
    expect(issuePaths("instance-group", { min: 5, desired: "${{ inputs.instance_count }}", max: 4 })).toEqual(["max"]);
    expect(issuePaths("instance-group", { desired: "three" })).toEqual(["desired"]);
  });

  it("notify needs a webhook URL for the webhook channel and names the field", () => {
    const result = getStep("notify")!.config.safeParse({ channel: "webhook" });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([[["webhookUrl"], "is required when the channel is webhook"]]);
    expect(issuePaths("notify", { channel: "webhook", webhookUrl: "ftp://x" })).toEqual(["webhookUrl"]);
    expect(issuePaths("notify", { channel: "webhook", webhookUrl: "https://hooks.example.com/T1" })).toEqual([]);
    expect(issuePaths("notify", { channel: "log" })).toEqual([]);
  });

  it("checks literal names, CIDRs and URLs but leaves templated ones to run time", () => {
    expect(issuePaths("vpc", { cidr: "10.0.0.0/33" })).toEqual(["cidr"]);
    expect(issuePaths("vpc", { cidr: "${{ inputs.cidr }}" })).toEqual([]);
    expect(issuePaths("firewall-rule", { sourceCidrs: ["203.0.113.7/32", "anywhere"] })).toEqual(["sourceCidrs.1"]);
    expect(issuePaths("firewall-rule", { fromPort: 8100, toPort: 8000 })).toEqual(["toPort"]);
    expect(issuePaths("provision-instance", { name: "Web Server" })).toEqual(["name"]);
    expect(issuePaths("provision-instance", { name: "dev-${{ inputs.developer }}" })).toEqual([]);
    expect(issuePaths("http-health-check", { url: "localhost:8080" })).toEqual(["url"]);
    expect(issuePaths("http-health-check", { url: "${{ steps.lb.outputs.url }}/health" })).toEqual([]);
  });

  it("marks only the condition's expression as bare CEL and refuses ${{ }} in it", () => {
    const marked = STEP_LIST.flatMap((s) => fieldMeta(s.config).filter(([, meta]) => meta?.expression === true).map(([k]) => `${s.type}.${k}`));
    expect(marked).toEqual(["condition.expression"]);
    expect(issuePaths("condition", { expression: "${{ steps.a.outputs.healthy }}" })).toEqual(["expression"]);
  });

  it("defaults to the safe choice for anything exposed to the internet", () => {
    expect(getStep("bucket")!.config.parse({})).toMatchObject({ publicAccess: false });
    expect(getStep("provision-instance")!.config.parse({})).toMatchObject({ assignPublicIp: false });
    expect(getStep("load-balancer")!.config.parse({})).toMatchObject({ public: false });
    expect(getStep("firewall-rule")!.config.parse({})).toMatchObject({ sourceCidrs: ["10.0.0.0/16"] });
  });
});
