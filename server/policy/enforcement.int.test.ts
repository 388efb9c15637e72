import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "@/db/schema";
import type { WorkflowDefinition, WorkflowNode } from "@/lib/workflow/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import type { CurrentUser } from "../auth/session";
import { startEngine, stopEngine } from "../engine/executor";
import { createNoopDriver } from "../providers/noop";
import { getQueue, startQueue, stopQueue } from "../queue/boss";
import { approve, getRun, startRun } from "../services/runs";
import { createPolicy, seedPolicies, setPolicyEnabled } from "../services/policies";
import { insertWorkflow } from "../services/workflows";
import { checkDefinition } from "./gate";
import { forgetPolicies } from "./rules";

/** Policies at run time, on the real engine and database: deny, require approval, warn, and the start check. */
const getDatabase = withTestDatabase();
const n = (id: string, type: string, config: Record<string, unknown>): WorkflowNode => ({ id, type, name: id, position: { x: 0, y: 0 }, config, onError: "fail" });
const chain = (nodes: WorkflowNode[], onFailure: "stop" | "rollback" = "stop"): WorkflowDefinition => ({ inputs: [{ name: "region", type: "string", required: false, default: "local" }], onFailure, nodes, edges: nodes.slice(1).map((x, i) => ({ source: nodes[i]!.id, target: x.id, on: "success" as const })) });
const FINAL = ["succeeded", "failed", "cancelled", "rolled_back"];

let operator: CurrentUser;
let admin: CurrentUser;
beforeAll(async () => {
  const database = getDatabase();
  await startQueue(database);
  await startEngine({ db: database.db, boss: getQueue()!, providers: { "aws-sim": createNoopDriver() } });
  const o = await createTestUser(database.db, "operator");
  const a = await createTestUser(database.db, "admin");
  operator = { id: o.id, email: o.email, name: o.name, role: "operator", mustChangePassword: false };
  admin = { id: a.id, email: a.email, name: a.name, role: "admin", mustChangePassword: false };
  await seedPolicies(database.db, a.id);
});
afterAll(async () => {
  await stopEngine();
  await stopQueue();
});

async function start(definition: WorkflowDefinition, inputs: Record<string, unknown> = {}, actor = operator) {
  const wf = await insertWorkflow(getDatabase().db, actor.id, { name: `wf ${Math.random()}`, description: "", definition, message: "" });
  return startRun(getDatabase().db, actor, { workflowId: wf.id, inputs });
}
async function until(id: string, isDone: (status: string) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await getRun(getDatabase().db, id);
    if (isDone(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run stuck in ${run.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const steps = (run: Awaited<ReturnType<typeof getRun>>) => Object.fromEntries(run.steps.map((s) => [s.stepId, s.status]));

describe("policies at run time", () => {
  it("refuses to start a run a deny policy forbids, naming the step and the policy", async () => {
    const definition = chain([n("files", "bucket", { provider: "aws-sim", region: "local", name: "files", publicAccess: true, tags: { owner: "me" } })]);
    await expect(start(definition)).rejects.toMatchObject({ code: "POLICY_DENIED", message: expect.stringMatching(/No public buckets/) as string, issues: [{ path: "nodes.files", message: expect.stringMatching(/No public buckets/) as string }] });
    const check = await checkDefinition(getDatabase().db, definition, { workflow: { id: "", name: "x" }, actorRole: "operator" });
    expect(check.nodes.files!.map((r) => [r.policyName, r.outcome])).toContainEqual(["No public buckets", "deny"]);
    expect(check.blocking).toHaveLength(1);
  });

  it("denies a step whose resolved settings break a policy, and rolls back what the run made", async () => {
    // The region comes from an earlier step's output: unknown on the canvas and at the start, judged when the step runs.
    const region = (where: string) => `\${{ steps.say.outputs.delivered ? '${where}' : 'local' }}`;
    const definition = (where: string) =>
      chain(
        [
          n("first", "provision-instance", { provider: "aws-sim", region: "local", name: "first", size: "small", tags: { owner: "me" } }),
          n("say", "notify", { message: "next", severity: "info" }),
          n("second", "provision-instance", { provider: "aws-sim", region: region(where), name: "second", size: "small", tags: { owner: "me" } }),
        ],
        "rollback",
      );
    const design = await checkDefinition(getDatabase().db, definition("ap-southeast-1"), { workflow: { id: "", name: "x" }, actorRole: "operator" });
    expect(design.nodes.second!.find((r) => r.policyName === "Allowed regions")!.outcome).toBe("unknown");
    expect(design.blocking).toEqual([]);
    const allowed = await start(definition("local")); // the no-op cloud has only the region "local"
    await expect(until(allowed.id, (s) => FINAL.includes(s))).resolves.toMatchObject({ status: "succeeded" });
    const denied = await start(definition("ap-southeast-1"));
    const run = await until(denied.id, (s) => FINAL.includes(s));
    expect(run.status).toBe("rolled_back");
    expect(steps(run)).toMatchObject({ first: "compensated", second: "failed" });
    expect(run.steps.find((s) => s.stepId === "second")!.error).toMatch(/Denied by policy — Allowed regions: This region is not approved/);
    expect(run.decisions.filter((d) => d.stepId === "second").map((d) => [d.policyName, d.outcome])).toContainEqual(["Allowed regions", "deny"]);
  });

  it("records warnings and lets the step run", async () => {
    const { id } = await start(chain([n("untagged", "provision-instance", { provider: "aws-sim", region: "local", name: "untagged", size: "small", tags: {} })]));
    const run = await until(id, (s) => FINAL.includes(s));
    expect(run.status).toBe("succeeded");
    expect(run.decisions.map((d) => [d.policyName, d.outcome])).toEqual(expect.arrayContaining([["Owner tag required", "warn"], ["Allowed regions", "pass"]]));
  });

  it("holds a step a require_approval policy flags until an admin approves; an operator may not", async () => {
    const db = getDatabase().db;
    await db.insert(policies).values({ name: "Any group needs an admin", expression: "resource.count <= 2", message: "More than two machines: an admin must approve.", effect: "require_approval", scopeStepTypes: ["instance-group"] });
    forgetPolicies();
    const group = n("web", "instance-group", { provider: "aws-sim", region: "local", name: "web", size: "small", min: 1, desired: 3, max: 5, tags: { owner: "me" } });
    const { id } = await start(chain([group, n("tell", "notify", { message: "done", severity: "info" })]));
    const waiting = await until(id, (s) => s === "waiting");
    expect(steps(waiting)).toEqual({ web: "waiting" }); // the next step has not started
    expect(waiting.decisions.map((d) => [d.policyName, d.outcome])).toContainEqual(["Any group needs an admin", "require_approval"]);
    await expect(approve(db, operator, { id, stepId: "web", isApproved: true, comment: "me" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/admin/) as string });
    await approve(db, admin, { id, stepId: "web", isApproved: true, comment: "budgeted" });
    const done = await until(id, (s) => FINAL.includes(s));
    expect(done.status).toBe("succeeded");
    expect(steps(done)).toEqual({ web: "succeeded", tell: "succeeded" });
    expect(done.events.map((e) => e.type)).toEqual(expect.arrayContaining(["step.waiting", "step.approved"]));
    expect(done.steps.find((s) => s.stepId === "web")!.output).toMatchObject({ size: 3 }); // it ran after the approval
  });

  it("a rejected hold fails the step; a disabled policy no longer applies", async () => {
    const db = getDatabase().db;
    const p = await createPolicy(db, admin.id, { name: "Nothing in eu", description: "", expression: "resource.size != 'medium'", message: "Medium needs approval.", effect: "require_approval", scopeProviders: [], scopeStepTypes: ["provision-instance"], isEnabled: true });
    const medium = chain([n("vm", "provision-instance", { provider: "aws-sim", region: "local", name: "vm", size: "medium", tags: { owner: "me" } })]);
    const first = await start(medium);
    await until(first.id, (s) => s === "waiting");
    await approve(db, admin, { id: first.id, stepId: "vm", isApproved: false, comment: "not now" });
    const rejected = await until(first.id, (s) => FINAL.includes(s));
    expect(rejected.status).toBe("failed");
    expect(rejected.steps[0]!.error).toMatch(/Rejected by .*not now/);
    await setPolicyEnabled(db, admin.id, p.id, false);
    const second = await start(medium);
    await expect(until(second.id, (s) => FINAL.includes(s))).resolves.toMatchObject({ status: "succeeded" });
  });
});
