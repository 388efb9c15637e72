import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import type { WorkflowDefinition, WorkflowNode } from "@/lib/workflow/schema";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import type { CurrentUser } from "../auth/session";
import { startEngine, stopEngine } from "../engine/executor";
import { forgetPolicies } from "../policy/rules";
import { createNoopDriver } from "../providers/noop";
import { getQueue, startQueue, stopQueue } from "../queue/boss";
import { AppError } from "../errors";
import { listRunsFor, waitingFor, waitingForPanel } from "./approvals";
import { approve, cancel, getRun, startRun } from "./runs";
import { insertWorkflow } from "./workflows";

/** "Waiting for my approval" on the real engine and database: per role, and always in step with `runs.approve`. */
const getDatabase = withTestDatabase();
const n = (id: string, type: string, config: Record<string, unknown>, name = id): WorkflowNode => ({ id, type, name, position: { x: 0, y: 0 }, config, onError: "fail" });
const chain = (nodes: WorkflowNode[]): WorkflowDefinition => ({ inputs: [], onFailure: "stop", nodes, edges: nodes.slice(1).map((x, i) => ({ source: nodes[i]!.id, target: x.id, on: "success" as const })) });
const tell = n("tell", "notify", { message: "done", severity: "info" });

const users = {} as Record<Role, CurrentUser>;
beforeAll(async () => {
  const database = getDatabase();
  await startQueue(database);
  await startEngine({ db: database.db, boss: getQueue()!, providers: { "aws-sim": createNoopDriver() } });
  for (const role of ["admin", "operator", "viewer"] as const) {
    const u = await createTestUser(database.db, role);
    users[role] = { id: u.id, email: u.email, name: u.name, role, mustChangePassword: false };
  }
  await database.db.insert(policies).values({ name: "Groups need an admin", expression: "resource.count <= 2", message: "More than two machines: an admin must approve.", effect: "require_approval", scopeStepTypes: ["instance-group"] });
  forgetPolicies();
});
afterAll(async () => {
  await stopEngine();
  await stopQueue();
});

async function start(name: string, definition: WorkflowDefinition) {
  const db = getDatabase().db;
  const wf = await insertWorkflow(db, users.operator.id, { name: `${name} ${Math.random().toString(36).slice(2, 6)}`, description: "", definition, message: "" });
  const { id } = await startRun(db, users.operator, { workflowId: wf.id, inputs: {} });
  return { id, workflowName: wf.name };
}
async function until(id: string, status: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await getRun(getDatabase().db, id);
    if (run.status === status) return run;
    if (Date.now() > deadline) throw new Error(`run is ${run.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** Three runs, each stopped at a step waiting for a different least role. */
async function threeHeldRuns() {
  const opGate = await start("op gate", chain([n("gate", "manual-approval", { approverRole: "operator", message: "Ship?" }, "Ship it"), tell]));
  const adminGate = await start("admin gate", chain([n("gate", "manual-approval", { approverRole: "admin", message: "Really?" }, "Admin sign-off"), tell]));
  const group = n("web", "instance-group", { provider: "aws-sim", region: "local", name: "web", size: "small", min: 1, desired: 3, max: 5, tags: { owner: "me" } }, "Web group");
  const held = await start("policy hold", chain([group, tell]));
  for (const r of [opGate, adminGate, held]) await until(r.id, "waiting");
  return { opGate, adminGate, held };
}
const keys = (list: { runId: string; stepId: string }[], among: string[]) => list.filter((w) => among.includes(w.runId)).map((w) => `${w.runId}:${w.stepId}`).sort();

describe("what waits for the signed-in user's decision", () => {
  it("an operator sees operator approvals, not admin-only ones or policy holds; an admin sees all; a viewer none", async () => {
    const db = getDatabase().db;
    const before = Date.now();
    const { opGate, adminGate, held } = await threeHeldRuns();
    const ours: string[] = [opGate.id, adminGate.id, held.id];

    expect(keys(await waitingFor(db, "viewer"), ours)).toEqual([]);
    const forOperator = (await waitingFor(db, "operator")).filter((w) => ours.includes(w.runId));
    expect(forOperator).toEqual([
      { runId: opGate.id, workflowId: expect.any(String) as string, workflowName: opGate.workflowName, stepId: "gate", stepName: "Ship it", kind: "approval", policyMessage: null, approverRole: "operator", since: expect.any(Date) as Date },
    ]);
    expect(forOperator[0]!.since.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    const forAdmin = (await waitingFor(db, "admin")).filter((w) => ours.includes(w.runId));
    expect(forAdmin.map((w) => [w.runId, w.stepName, w.kind, w.approverRole])).toEqual([
      [opGate.id, "Ship it", "approval", "operator"],
      [adminGate.id, "Admin sign-off", "approval", "admin"],
      [held.id, "Web group", "policy", "admin"],
    ]); // oldest first
    expect(forAdmin[2]!.policyMessage).toBe("Groups need an admin: More than two machines: an admin must approve.");
    expect((await waitingForPanel(db, "viewer")).total).toBe(0);

    // The runs list: rows are marked for whoever may decide them, and the filter keeps only those.
    const page = { page: 1, pageSize: 100 };
    const marked = async (role: Role, awaitingMe?: boolean) =>
      (await listRunsFor(db, role, { ...page, awaitingMe })).items.filter((r) => ours.includes(r.id) && r.isWaitingForMe).map((r) => r.id).sort();
    expect(await marked("operator")).toEqual([opGate.id]);
    expect(await marked("admin")).toEqual([...ours].sort());
    expect(await marked("viewer")).toEqual([]);
    const onlyMine = await listRunsFor(db, "operator", { ...page, awaitingMe: true });
    expect(onlyMine.items.map((r) => r.id)).toEqual([opGate.id]);
    expect(onlyMine.total).toBe(1);
    expect((await listRunsFor(db, "viewer", { ...page, awaitingMe: true })).items).toEqual([]);
    // Filters combine: none of the operator's is failed.
    expect((await listRunsFor(db, "operator", { ...page, awaitingMe: true, status: "failed" })).items).toEqual([]);

    // Once decided or cancelled, a step no longer waits for anyone.
    await approve(db, users.operator, { id: opGate.id, stepId: "gate", isApproved: true, comment: "" });
    await cancel(db, adminGate.id);
    await cancel(db, held.id);
    await until(opGate.id, "succeeded");
    expect(keys(await waitingFor(db, "admin"), ours)).toEqual([]);
  });

  it("lists exactly what runs.approve lets each role decide", async () => {
    const db = getDatabase().db;
    const { opGate, adminGate, held } = await threeHeldRuns();
    const ours: string[] = [opGate.id, adminGate.id, held.id];
    const stepOf: Record<string, string> = { [opGate.id]: "gate", [adminGate.id]: "gate", [held.id]: "web" };
    // Viewer first, then operator, then admin: each decides what it may; the rest stays for the next.
    const decided: Record<string, number> = {};
    for (const role of ["viewer", "operator", "admin"] as const) {
      const listed = keys(await waitingFor(db, role), ours);
      const accepted: string[] = [];
      for (const runId of ours) {
        if ((await getRun(db, runId)).status !== "waiting") continue;
        try {
          await approve(db, users[role], { id: runId, stepId: stepOf[runId]!, isApproved: true, comment: role });
          accepted.push(`${runId}:${stepOf[runId]!}`);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe("FORBIDDEN");
        }
      }
      expect(listed, `what ${role} is shown`).toEqual(accepted.sort());
      decided[role] = accepted.length;
    }
    expect(decided).toEqual({ viewer: 0, operator: 1, admin: 2 });
    for (const id of ours) await until(id, "succeeded");
  });
});
