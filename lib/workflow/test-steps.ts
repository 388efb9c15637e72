import { z } from "zod";
import { defineStep, type StepDefinition } from "../catalog/define";

/** A tiny step catalog for the workflow library's own tests (the real one is lib/catalog). */
export const TEST_STEPS: Record<string, StepDefinition> = {
  make: defineStep({
    type: "make",
    title: "Make",
    description: "Makes a thing.",
    category: "compute",
    icon: "Server",
    config: z.object({ size: z.enum(["small", "large"]).default("small"), label: z.string().default("") }),
    outputs: { url: { type: "string", description: "Where it is" }, count: { type: "number", description: "How many" } },
    resource: { type: "compute.instance", action: "create" },
    compensable: true,
  }),
  check: defineStep({
    type: "check",
    title: "Check",
    description: "Branches.",
    category: "flow",
    icon: "GitBranch",
    config: z.object({ expression: z.string().meta({ title: "Condition", expression: true }) }),
    outputs: { result: { type: "boolean", description: "The outcome" } },
    compensable: false,
    branches: ["true", "false"],
  }),
};
export const testLookup = (type: string) => TEST_STEPS[type];
