import type { StepDefinition } from "../catalog/define";
import { checkExpression, type Reference } from "./expressions";
import { ancestorSets, findCycle } from "./graph";
import { checkLimits, formatPath, type PathError } from "./limits";
import { nodeExpressions, UNCLOSED } from "./node-expressions";
import { failurePathsOf, unsetOnFailure } from "./failure-paths";
import { definitionSchema, type WorkflowDefinition } from "./schema";
import { referenceTypes, typeProblem } from "./type-check";

export type StepLookup = (type: string) => StepDefinition | undefined;

export type ProblemCode =
  | "cycle"
  | "unknown-type"
  | "invalid-config"
  | "invalid-expression"
  | "missing-reference"
  | "not-upstream"
  | "unknown-output"
  | "unset-on-failure"
  | "unknown-input"
  /** A `${{ … }}` yields a type its field cannot take, or a condition is not true/false (see type-check.ts). */
  | "type-mismatch"
  | "bad-edge"
  | "unreachable"
  | "disconnected"
  | "empty";

/** A problem shown live in the designer; errors block starting a run, warnings do not. */
export type Problem = {
  severity: "error" | "warning";
  code: ProblemCode;
  message: string;
  /** `nodes[3].config.size` */
  path: string;
  nodeId?: string;
  edgeIndex?: number;
};

export type ParseResult = { ok: true; definition: WorkflowDefinition } | { ok: false; errors: PathError[] };

/**
 * Accepts a definition from outside (API, import): limits, shape, and the graph rules a saved definition
 * must always keep — unique ids, edges between existing steps, no self-loops, duplicates or cycles, known
 * step types. Everything else (an incomplete config, a dangling reference) is a draft problem, not a reason
 * to refuse saving.
 */
export function parseDefinition(raw: unknown, getStep: StepLookup): ParseResult {
  const limitErrors = checkLimits(raw);
  if (limitErrors.length > 0) return { ok: false, errors: limitErrors };
  const parsed = definitionSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.slice(0, 50).map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const definition = parsed.data;
  const errors: PathError[] = [];
  const ids = new Set<string>();
  definition.nodes.forEach((n, i) => {
    if (ids.has(n.id)) errors.push({ path: `nodes[${i}].id`, message: `"${n.id}" is used by another step` });
    ids.add(n.id);
    if (!getStep(n.type)) errors.push({ path: `nodes[${i}].type`, message: `"${n.type}" is not a known step type` });
  });
  const pairs = new Set<string>();
  definition.edges.forEach((e, i) => {
    if (!ids.has(e.source)) errors.push({ path: `edges[${i}].source`, message: `no step "${e.source}"` });
    if (!ids.has(e.target)) errors.push({ path: `edges[${i}].target`, message: `no step "${e.target}"` });
    if (e.source === e.target) errors.push({ path: `edges[${i}]`, message: "a step cannot connect to itself" });
    const pair = `${e.source}\u0000${e.target}`;
    if (pairs.has(pair)) errors.push({ path: `edges[${i}]`, message: `${e.source} → ${e.target} is connected twice` });
    pairs.add(pair);
  });
  if (errors.length === 0) {
    const cycle = findCycle([...ids], definition.edges);
    if (cycle) errors.push({ path: "edges", message: `the connections form a cycle: ${cycle.join(" → ")}` });
  }
  return errors.length > 0 ? { ok: false, errors: errors.slice(0, 50) } : { ok: true, definition };
}

/**
 * Live validation of a (possibly draft) definition: everything the designer shows as badges and in the
 * problems list. Fast enough for 2,000 steps on every edit (see bench/).
 */
export function validateDefinition(definition: WorkflowDefinition, getStep: StepLookup): Problem[] {
  const problems: Problem[] = [];
  const nodes = definition.nodes;
  if (nodes.length === 0) problems.push({ severity: "warning", code: "empty", message: "The workflow has no steps yet.", path: "nodes" });
  const byId = new Map(nodes.map((n, i) => [n.id, { node: n, index: i }]));
  const ids = [...byId.keys()];
  const edges = definition.edges.filter((e) => byId.has(e.source) && byId.has(e.target) && e.source !== e.target);

  const cycle = findCycle(ids, edges);
  if (cycle) {
    for (const id of new Set(cycle)) {
      const i = byId.get(id)!.index;
      problems.push({ severity: "error", code: "cycle", message: `Part of a cycle: ${cycle.join(" → ")}.`, path: `nodes[${i}]`, nodeId: id });
    }
  }

  const inputs = new Set(definition.inputs.map((i) => i.name));
  const refTypes = referenceTypes(definition, getStep);
  const isUpstream = ancestorSets(ids, cycle ? [] : edges);
  const types = new Map(nodes.map((n) => [n.id, n.type]));
  const failurePaths = failurePathsOf(definition);
  const inbound = new Map<string, number>();
  const firing = new Map<string, number>();

  definition.edges.forEach((e, i) => {
    const source = byId.get(e.source);
    if (!source || !byId.has(e.target)) return;
    inbound.set(e.target, (inbound.get(e.target) ?? 0) + 1);
    const step = getStep(source.node.type);
    const isCondition = Boolean(step?.branches);
    const isBranch = e.on === "true" || e.on === "false";
    if (isBranch && !isCondition) {
      problems.push({ severity: "error", code: "bad-edge", message: `"${e.on}" connections only leave condition steps.`, path: `edges[${i}].on`, edgeIndex: i, nodeId: e.target });
      return;
    }
    if (isCondition && (e.on === "success" || e.on === "failure")) {
      problems.push({ severity: "warning", code: "bad-edge", message: `Connections out of a condition should be "true" or "false" (this one is "${e.on}").`, path: `edges[${i}].on`, edgeIndex: i, nodeId: e.source });
    }
    firing.set(e.target, (firing.get(e.target) ?? 0) + 1);
  });

  nodes.forEach((node, index) => {
    const step = getStep(node.type);
    // A field the schema already rejects gets that one problem, not a second about its type.
    const invalidPaths = new Set<string>();
    if (!step) {
      problems.push({ severity: "error", code: "unknown-type", message: `"${node.type}" is not a known step type.`, path: `nodes[${index}].type`, nodeId: node.id });
    } else {
      const result = step.config.safeParse(node.config);
      if (!result.success) {
        for (const issue of result.error.issues.slice(0, 20)) {
          const path = formatPath(["nodes", index, "config", ...issue.path]);
          invalidPaths.add(path);
          problems.push({
            severity: "error",
            code: "invalid-config",
            message: `${issue.path.length ? `${issue.path.map(String).join(".")}: ` : ""}${issue.message}`,
            path,
            nodeId: node.id,
          });
        }
      }
    }
    for (const { path, expression, target } of nodeExpressions(node, index, step)) {
      if (expression === UNCLOSED) {
        problems.push({ severity: "error", code: "invalid-expression", message: "A `${{` is never closed with `}}`.", path, nodeId: node.id });
        continue;
      }
      const check = checkExpression(expression);
      if (check.error) problems.push({ severity: "error", code: "invalid-expression", message: check.error, path, nodeId: node.id });
      for (const ref of check.references) {
        const problem = referenceProblem(ref, node.id, byId, isUpstream, inputs, getStep);
        if (problem) problems.push({ severity: "error", ...problem, path, nodeId: node.id });
        const unset = problem ? null : unsetOnFailure(ref, node.id, types, failurePaths, isUpstream, getStep);
        if (unset) problems.push({ severity: "warning", code: "unset-on-failure", message: unset, path, nodeId: node.id });
      }
      const mismatch = target && !check.error && !invalidPaths.has(path) ? typeProblem(target, expression, check.ast, step?.config, refTypes) : null;
      if (mismatch) problems.push({ ...mismatch, code: "type-mismatch", path, nodeId: node.id });
    }
    if ((inbound.get(node.id) ?? 0) > 0 && (firing.get(node.id) ?? 0) === 0) {
      problems.push({ severity: "error", code: "unreachable", message: "No connection into this step can ever fire.", path: `nodes[${index}]`, nodeId: node.id });
    }
  });

  problems.push(...terminalProblems(definition, getStep));
  if (nodes.length > 1) {
    const connected = new Set(edges.flatMap((e) => [e.source, e.target]));
    nodes.forEach((n, i) => {
      if (!connected.has(n.id)) {
        problems.push({ severity: "warning", code: "disconnected", message: "Not connected to any other step: it runs on its own at the start.", path: `nodes[${i}]`, nodeId: n.id });
      }
    });
  }
  return problems;
}

function referenceProblem(
  ref: Reference,
  from: string,
  byId: Map<string, { node: WorkflowDefinition["nodes"][number] }>,
  isUpstream: (node: string, maybeAncestor: string) => boolean,
  inputs: Set<string>,
  getStep: StepLookup,
): { code: ProblemCode; message: string } | null {
  if (ref.kind === "unknown") return { code: "missing-reference", message: `"${ref.root}" is not defined: use inputs.<name> or steps.<id>.outputs.<name>.` };
  if (ref.kind === "input") {
    if (!ref.name) return { code: "unknown-input", message: "Name the input: inputs.<name>." };
    return inputs.has(ref.name) ? null : { code: "unknown-input", message: `There is no run input "${ref.name}".` };
  }
  const target = byId.get(ref.stepId);
  if (!target) return { code: "missing-reference", message: `There is no step "${ref.stepId}".` };
  if (ref.stepId === from || !isUpstream(from, ref.stepId)) {
    return { code: "not-upstream", message: `Step "${ref.stepId}" does not run before this one: connect it upstream first.` };
  }
  if (!ref.output) return { code: "unknown-output", message: `Name an output: steps.${ref.stepId}.outputs.<name>.` };
  const outputs = getStep(target.node.type)?.outputs ?? {};
  if (!(ref.output in outputs)) {
    const known = Object.keys(outputs);
    return { code: "unknown-output", message: `Step "${ref.stepId}" has no output "${ref.output}"${known.length ? ` (it has: ${known.join(", ")})` : ""}.` };
  }
  return null;
}

/** A terminal step (Fail run) ends the run: nothing may follow it, and its failure cannot be accepted. */
function terminalProblems(definition: WorkflowDefinition, getStep: StepLookup): Problem[] {
  const problems: Problem[] = [];
  const terminal = new Map(definition.nodes.flatMap((n, i) => (getStep(n.type)?.terminal ? [[n.id, { node: n, index: i }] as const] : [])));
  if (terminal.size === 0) return problems;
  definition.edges.forEach((e, i) => {
    if (terminal.has(e.source)) {
      problems.push({ severity: "error", code: "bad-edge", message: "Nothing runs after a Fail run step: remove this connection.", path: `edges[${i}]`, edgeIndex: i, nodeId: e.source });
    }
  });
  for (const { node, index } of terminal.values()) {
    if (node.onError === "continue") {
      problems.push({ severity: "error", code: "invalid-config", message: "A Fail run step always fails the run: set On error to fail.", path: `nodes[${index}].onError`, nodeId: node.id });
    }
  }
  return problems;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
