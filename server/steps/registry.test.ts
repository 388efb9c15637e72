import { describe, expect, it } from "vitest";
import { CATALOG, getStep, STEP_LIST } from "@/lib/catalog";
import type { StepDefinition } from "@/lib/catalog/define";
import { hasImplementation, implementationOf } from "./index";
import { resourceStep } from "./resources";

/**
 * Every step type the designer offers must run on the server. `implementationOf` still falls back to a step
 * that fails with UNSUPPORTED, so this test is what keeps a new catalog entry from shipping without code.
 */
describe("step registry", () => {
  it.each(STEP_LIST.map((s) => [s.type, s] as const))("%s has a server implementation", (_type, step) => {
    expect(hasImplementation(step), `add "${step.type}" to IMPLEMENTATIONS in server/steps/index.ts (or to UPDATE_FIELDS for a plain update)`).toBe(true);
    const impl = implementationOf(step);
    expect("run" in impl).toBe(true);
    if (step.compensable) expect("compensate" in impl, `${step.type} is compensable but has no compensate`).toBe(true);
  });

  it("covers the whole catalog", () => {
    expect(STEP_LIST.map((s) => s.type).sort()).toEqual(Object.keys(CATALOG).sort());
  });

  it("does not count a step type nobody implemented, even one with a resource", async () => {
    const wait = getStep("wait")!;
    const madeUp: StepDefinition[] = [
      { ...wait, type: "made-up" },
      { ...wait, type: "made-up-delete", resource: { type: "compute.group", action: "delete" } },
      { ...wait, type: "made-up-update", resource: { type: "compute.group", action: "update" } },
      { ...wait, type: "made-up-read", resource: { type: "compute.group", action: "read" } },
    ];
    for (const step of madeUp) {
      expect(hasImplementation(step), step.type).toBe(false);
      expect(implementationOf(step)).not.toBe(resourceStep);
      await expect(implementationOf(step).run({} as never)).rejects.toMatchObject({ code: "UNSUPPORTED" });
    }
    // A create is generic: resourceStep makes whatever the catalog's `resource` names.
    expect(hasImplementation({ ...wait, type: "made-up-create", resource: { type: "storage.bucket", action: "create" } })).toBe(true);
  });
});
