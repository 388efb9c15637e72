import { describe, expect, it } from "vitest";
import { getStep, type OutputType } from "@/lib/catalog";
import type { WorkflowDefinition, WorkflowInput } from "@/lib/workflow/schema";
import { TEMPLATES } from "@/lib/workflow/templates";
import { renderConfig, type ExpressionScope } from "./expressions";

/**
 * Every seeded template, rendered the way the engine renders a step (renderConfig) with realistic run
 * inputs and step outputs of their declared types, must give every step settings its schema accepts.
 * The templates are read generically, so steps and text other people add are covered too.
 */

/** Required inputs without a default, by name: what a user would really type into the start form. */
const INPUT_SAMPLES: Readonly<Record<string, string | number | boolean>> = {
  developer: "alice",
  ssh_cidr: "203.0.113.0/24",
  app_image: "shop-web:2.4.1",
  load_balancer_id: "lb-0a1b2c3d",
  primary_url: "https://app.example.com/health",
};

function sampleInput(input: WorkflowInput): unknown {
  if (input.default !== undefined) return input.default;
  if (Object.hasOwn(INPUT_SAMPLES, input.name)) return INPUT_SAMPLES[input.name];
  if (input.type === "select") return input.options?.[0];
  if (input.type === "number") return 2;
  if (input.type === "boolean") return true;
  return undefined;
}

/** Outputs whose realistic value depends on the step type, e.g. a bucket's url is not an http URL. */
const OUTPUT_SAMPLES: Readonly<Record<string, unknown>> = {
  "bucket.url": "s3://dev-alice-scratch",
  "dns-record.previousRecordType": "CNAME",
  "dns-record.action": "updated",
  "http-health-check.status": 200,
  "http-request.status": 200,
  "sub-workflow.status": "succeeded",
  "script.exitCode": 0,
};

const kebab = (id: string) => id.replaceAll("_", "-");

/** A value like the drivers report for an output of this name and declared type. */
function sampleOutput(stepType: string, stepId: string, name: string, type: OutputType): unknown {
  const key = `${stepType}.${name}`;
  if (Object.hasOwn(OUTPUT_SAMPLES, key)) return OUTPUT_SAMPLES[key];
  const lower = name.toLowerCase();
  switch (type) {
    case "number":
      return lower.includes("latency") ? 85 : lower.includes("ttl") ? 60 : 2;
    case "boolean":
      return true;
    case "list":
      return lower.endsWith("ids") ? [`${kebab(stepId)}-0001`, `${kebab(stepId)}-0002`] : [];
    case "map":
      return {};
    case "string":
      if (lower.endsWith("url")) return `http://${kebab(stepId)}.stratus.local:8080`;
      if (lower === "publicip") return "203.0.113.10";
      if (lower.endsWith("ip")) return "10.0.1.15";
      if (lower.endsWith("cidr")) return "10.0.1.0/24";
      if (lower === "dnsname" || lower === "fqdn" || lower === "previousvalue") return `${kebab(stepId)}.stratus.local`;
      if (lower.endsWith("id") || lower.endsWith("targets")) return `${kebab(stepId)}-0001`;
      if (lower.includes("artifact")) return "shop-web:2.4.0";
      if (lower === "approvedby") return "alice";
      return `${kebab(stepId)} ${name}`;
  }
}

function sampleScope(definition: WorkflowDefinition): ExpressionScope {
  const inputs: Record<string, unknown> = {};
  for (const input of definition.inputs) {
    const value = sampleInput(input);
    if (value !== undefined) inputs[input.name] = value;
  }
  const steps: ExpressionScope["steps"] = {};
  for (const node of definition.nodes) {
    const declared = Object.entries(getStep(node.type)?.outputs ?? {});
    steps[node.id] = { status: "succeeded", outputs: Object.fromEntries(declared.map(([name, o]) => [name, sampleOutput(node.type, node.id, name, o.type)])) };
  }
  return { inputs, steps };
}

describe.each(TEMPLATES.map((t) => [t.id, t] as const))("template %s at run time", (_id, template) => {
  const { definition } = template;

  it("has a realistic sample for every required text input without a default", () => {
    const missing = definition.inputs.filter((i) => i.required && i.default === undefined && i.type === "string" && !Object.hasOwn(INPUT_SAMPLES, i.name));
    expect(missing.map((i) => `add a sample value for input ${i.name} to INPUT_SAMPLES`)).toEqual([]);
  });

  it("renders every step's settings into a config its schema accepts", () => {
    const scope = sampleScope(definition);
    const failures: string[] = [];
    for (const node of definition.nodes) {
      const step = getStep(node.type);
      if (!step) {
        failures.push(`${node.id}: unknown step type ${node.type}`);
        continue;
      }
      const result = renderConfig(node.config, step.config, scope);
      if (!result.ok) failures.push(...result.issues.map((issue) => `${node.id}: ${issue}`));
    }
    expect(failures).toEqual([]);
  });
});
