import { describe, expect, it } from "vitest";
import { parentOfTrigger, triggerLabel } from "./format";

describe("trigger labels", () => {
  it("names the parent step of a child run, and reads plain triggers", () => {
    const parent = "0b6f3c1e-5d2a-4c8e-9f10-2a3b4c5d6e7f";
    expect(parentOfTrigger(`parent:${parent}:deploy_app:2`)).toEqual({ runId: parent, stepId: "deploy_app" });
    expect(triggerLabel(`parent:${parent}:deploy_app:2`)).toBe("Step deploy_app of run 0b6f3c1e");
    expect(triggerLabel("manual")).toBe("Manual");
    expect(triggerLabel("feedback:cpu-high")).toBe("feedback:cpu-high");
    expect(parentOfTrigger("parent:not-a-uuid:x:1")).toBeNull();
  });
});
