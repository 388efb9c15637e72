import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { policyDecisions, runEvents, runs, users, workflows } from "@/db/schema";
import type { DefinitionCheck, PolicyFacts, PolicyResult } from "@/lib/policy/schemas";
import type { WorkflowDefinition, WorkflowNode } from "@/lib/workflow/schema";
import { renderValue, type ExpressionScope } from "../engine/expressions";
import { evaluateStep } from "./evaluate";
import { definitionFacts, stepFacts } from "./facts";
import { enabledRules } from "./rules";

/**
 * Where policies meet workflows: on the canvas (the definition as written), before a run starts (with its
 * inputs), and before each step runs (with its resolved settings). Same rules, same facts, same evaluator.
 */
type Who = { workflow: { id: string; name: string }; actorRole: string };

/** Each field rendered with what is known so far; a field that cannot be yet stays as written (unknown). */
function renderKnown(node: WorkflowNode, scope: ExpressionScope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node.config)) {
    try {
      out[key] = renderValue(value, scope);
    } catch {
      out[key] = value;
    }
  }
  return out;
}

function summarize(definition: WorkflowDefinition, results: Map<string, PolicyResult[]>): DefinitionCheck {
  const names = new Map(definition.nodes.map((n) => [n.id, n.name]));
  const blocking: string[] = [];
  for (const [id, list] of results) for (const r of list) if (r.outcome === "deny") blocking.push(`${names.get(id) ?? id}: ${r.policyName} — ${r.message}`);
  return { nodes: Object.fromEntries(results), blocking };
}

/** The designer's live check (settings as written) and the check before a run starts (inputs known). */
export async function checkDefinition(db: Db, definition: WorkflowDefinition, who: Who, inputs?: Record<string, unknown>): Promise<DefinitionCheck> {
  const rules = await enabledRules(db);
  if (rules.length === 0) return { nodes: {}, blocking: [] };
  const scope: ExpressionScope = { inputs: inputs ?? {}, steps: {} };
  const facts = definitionFacts(definition, (n) => (inputs ? renderKnown(n, scope) : n.config), who);
  const results = new Map<string, PolicyResult[]>();
  for (const node of definition.nodes) {
    const list = evaluateStep(rules, facts.get(node.id)!, { isDesign: true });
    if (list.length > 0) results.set(node.id, list);
  }
  return summarize(definition, results);
}

const whoCache = new Map<string, Who>();
async function whoOf(db: Db, runId: string): Promise<Who> {
  const cached = whoCache.get(runId);
  if (cached) return cached;
  const [row] = await db
    .select({ workflowId: workflows.id, workflowName: workflows.name, role: users.role })
    .from(runs)
    .innerJoin(workflows, eq(workflows.id, runs.workflowId))
    .leftJoin(users, eq(users.id, runs.actorId))
    .where(eq(runs.id, runId));
  // A run started by the system (a feedback rule, a schedule) has no actor: judged as an operator.
  const who = { workflow: { id: row?.workflowId ?? "", name: row?.workflowName ?? "" }, actorRole: row?.role ?? "operator" };
  if (whoCache.size > 1000) whoCache.clear();
  whoCache.set(runId, who);
  return who;
}

/** Policies an admin already approved in this run (a budget approved once is not asked again per step). */
async function approvedIn(db: Db, runId: string): Promise<Set<string>> {
  const rows = await db
    .select({ payload: runEvents.payload })
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), eq(runEvents.type, "step.approved"), sql`${runEvents.payload} ? 'policies'`));
  return new Set(rows.flatMap((r) => ((r.payload as { policies?: unknown })?.policies as string[] | undefined) ?? []));
}

/** Per definition: what each step without templates costs (fixed), and the steps whose cost depends on the run. */
const costPlans = new WeakMap<WorkflowDefinition, { fixed: Map<string, number>; templated: WorkflowNode[] }>();
const who0 = { workflow: { id: "", name: "" }, actorRole: "operator" };

/**
 * The run's estimated monthly cost as far as it is known when a step runs (what a later step's template
 * will give counts as 0): fixed steps are priced once per definition, so a long run does not re-price
 * every step at every step.
 */
function runCost(run: { definition: WorkflowDefinition; scope: ExpressionScope }, stepId: string, own: number | null): number {
  let plan = costPlans.get(run.definition);
  if (!plan) {
    plan = { fixed: new Map(), templated: [] };
    for (const n of run.definition.nodes) {
      if (JSON.stringify(n.config).includes("${{")) plan.templated.push(n);
      else plan.fixed.set(n.id, stepFacts(n, n.config, who0).resource.monthlyCost ?? 0);
    }
    costPlans.set(run.definition, plan);
  }
  let total = own ?? 0;
  for (const [id, cost] of plan.fixed) if (id !== stepId) total += cost;
  for (const n of plan.templated) if (n.id !== stepId) total += stepFacts(n, renderKnown(n, run.scope), who0).resource.monthlyCost ?? 0;
  return Math.round(total * 100) / 100;
}

export type StepVerdict = {
  results: PolicyResult[];
  /** The step fails with this message. */
  deny: string | null;
  /** The step waits for an admin. */
  hold: { policyIds: string[]; message: string } | null;
  /** Stores every decision (in the transaction that commits what the step became). */
  record: (tx: Db) => Promise<void>;
};

const NOTHING: StepVerdict = { results: [], deny: null, hold: null, record: () => Promise.resolve() };

/** Before a step runs, with its resolved settings: what the enabled policies decide. */
export async function judgeStep(
  db: Db,
  run: { id: string; definition: WorkflowDefinition; scope: ExpressionScope },
  node: WorkflowNode,
  attempt: number,
  config: Record<string, unknown>,
): Promise<StepVerdict> {
  const rules = await enabledRules(db);
  if (rules.length === 0) return NOTHING;
  const who = await whoOf(db, run.id);
  const facts: PolicyFacts = stepFacts(node, config, who);
  if (rules.some((r) => /\brun\b/.test(r.expression))) facts.run.monthlyCost = runCost(run, node.id, facts.resource.monthlyCost);
  let results = evaluateStep(rules, facts, { isDesign: false });
  if (results.length === 0) return NOTHING;
  const asking = results.filter((r) => r.outcome === "require_approval");
  if (asking.length > 0) {
    const approved = await approvedIn(db, run.id);
    results = results.map((r) => (r.outcome === "require_approval" && approved.has(r.policyId) ? { ...r, outcome: "pass", message: "Approved by an admin earlier in this run." } : r));
  }
  const denied = results.filter((r) => r.outcome === "deny");
  const held = results.filter((r) => r.outcome === "require_approval");
  const line = (list: PolicyResult[]) => list.map((r) => `${r.policyName}: ${r.message}`).join(" ");
  return {
    results,
    deny: denied.length > 0 ? `Denied by policy — ${line(denied)}` : null,
    hold: denied.length === 0 && held.length > 0 ? { policyIds: held.map((r) => r.policyId), message: line(held) } : null,
    record: async (tx) => {
      await tx.insert(policyDecisions).values(
        results.map((r) => ({ runId: run.id, stepId: node.id, attempt, policyId: r.policyId, policyName: r.policyName, effect: r.effect, outcome: r.outcome === "unknown" ? "error" : r.outcome, message: r.message, facts })),
      );
    },
  };
}
