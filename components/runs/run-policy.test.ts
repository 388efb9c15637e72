import { describe, expect, it } from "vitest";
import { worstOutcome } from "@/components/policies/policy-badges";
import type { RunDelta } from "@/server/services/run-stream";
import { decisionBadge, policyHoldOf, type PolicyDecision } from "./run-policy";
import type { StepRow } from "./step-rows";
import type { RunDetailData } from "./types";
import { mergeDelta } from "./use-live-run";

const decision = (id: string, outcome: PolicyDecision["outcome"], at = 1): PolicyDecision => ({
  id,
  stepId: "bucket",
  attempt: 1,
  policyName: `Policy ${id}`,
  effect: outcome === "pass" || outcome === "error" ? "deny" : outcome,
  outcome,
  message: `message ${id}`,
  at: new Date(at),
});

describe("policy decisions in the run view", () => {
  it("merges streamed decisions by id: a decision sent again replaces itself, new ones are added in time order", () => {
    // Only the fields mergeDelta reads; the rest of a run does not matter here.
    const run = { steps: [], events: [], decisions: [decision("a", "warn", 1)] } as unknown as RunDetailData;
    const delta = { run: {}, steps: [], events: [], logs: [], decisions: [decision("b", "deny", 3), decision("a", "warn", 1)] } as unknown as RunDelta;
    const merged = mergeDelta(run, delta);
    expect(merged.decisions.map((d) => d.id)).toEqual(["a", "b"]);
    expect(mergeDelta(merged, delta).decisions).toHaveLength(2);
  });

  it("badges a step with its worst deny / approval / warn decision, and passes with nothing", () => {
    expect(decisionBadge([decision("a", "pass")])).toBeNull();
    expect(decisionBadge(undefined)).toBeNull();
    const badge = decisionBadge([decision("a", "warn"), decision("b", "require_approval"), decision("c", "pass")]);
    expect(badge?.outcome).toBe("require_approval");
    expect(badge?.title).toBe("Policy a: message a\nPolicy b: message b");
    expect(worstOutcome(["unknown", "deny", "warn"])).toBe("deny");
    expect(worstOutcome(["pass", "pass"])).toBeNull();
  });

  it("recognises a step held by a policy only while it waits", () => {
    const row = (status: StepRow["status"], output: unknown) => ({ status, latest: { output } }) as unknown as StepRow;
    const held = { policyApproval: { policyIds: ["p"], message: "Too expensive." } };
    expect(policyHoldOf(row("waiting", held))).toEqual({ message: "Too expensive." });
    expect(policyHoldOf(row("succeeded", held))).toBeNull();
    expect(policyHoldOf(row("waiting", { approvedBy: "x" }))).toBeNull();
  });
});
