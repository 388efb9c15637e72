import { wouldCreateCycle } from "./graph";
import type { EdgeCondition, WorkflowDefinition, WorkflowEdge, WorkflowNode } from "./schema";

/**
 * Pure edits of a definition, used by the designer (and tested without a browser). Each returns a new
 * definition and leaves untouched nodes as the same objects.
 */
export const edgeKey = (e: Pick<WorkflowEdge, "source" | "target">) => `${e.source}->${e.target}`;

/** An id for a new step: the type in snake case, numbered when taken ("provision_instance_2"). */
export function uniqueStepId(definition: WorkflowDefinition, base: string): string {
  const stem = base.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").replace(/^(?=[0-9])/, "s_").slice(0, 50) || "step";
  const taken = new Set(definition.nodes.map((n) => n.id));
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}_${i}`)) return `${stem}_${i}`;
}

export function addStep(
  definition: WorkflowDefinition,
  step: { type: string; title: string },
  position: { x: number; y: number },
  connectFrom?: string,
): { definition: WorkflowDefinition; id: string } {
  const id = uniqueStepId(definition, step.type);
  const names = new Set(definition.nodes.map((n) => n.name));
  let name = step.title;
  for (let i = 2; names.has(name); i++) name = `${step.title} ${i}`;
  const node: WorkflowNode = { id, type: step.type, name, position, config: {}, onError: "fail" };
  const edges = connectFrom && definition.nodes.some((n) => n.id === connectFrom)
    ? [...definition.edges, { source: connectFrom, target: id, on: "success" as const }]
    : definition.edges;
  return { definition: { ...definition, nodes: [...definition.nodes, node], edges }, id };
}

/** Why a connection may not be made, or null when it may. */
export function connectionProblem(definition: WorkflowDefinition, source: string, target: string): string | null {
  if (source === target) return "A step cannot connect to itself.";
  if (definition.edges.some((e) => e.source === source && e.target === target)) return "These steps are already connected.";
  if (wouldCreateCycle(definition.edges, source, target)) return "That connection would create a cycle: workflows run forward only.";
  return null;
}

export function connect(
  definition: WorkflowDefinition,
  source: string,
  target: string,
  on: EdgeCondition = "success",
): { ok: true; definition: WorkflowDefinition } | { ok: false; reason: string } {
  const reason = connectionProblem(definition, source, target);
  if (reason) return { ok: false, reason };
  return { ok: true, definition: { ...definition, edges: [...definition.edges, { source, target, on }] } };
}

export function removeElements(definition: WorkflowDefinition, nodeIds: Iterable<string>, edgeKeys: Iterable<string> = []): WorkflowDefinition {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeKeys);
  if (nodes.size === 0 && edges.size === 0) return definition;
  return {
    ...definition,
    nodes: definition.nodes.filter((n) => !nodes.has(n.id)),
    edges: definition.edges.filter((e) => !nodes.has(e.source) && !nodes.has(e.target) && !edges.has(edgeKey(e))),
  };
}

export function updateNode(definition: WorkflowDefinition, id: string, patch: Partial<Omit<WorkflowNode, "id">>): WorkflowDefinition {
  return { ...definition, nodes: definition.nodes.map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}

export function setEdgeCondition(definition: WorkflowDefinition, key: string, on: EdgeCondition): WorkflowDefinition {
  return { ...definition, edges: definition.edges.map((e) => (edgeKey(e) === key ? { ...e, on } : e)) };
}

export function moveNodes(definition: WorkflowDefinition, positions: Record<string, { x: number; y: number }>): WorkflowDefinition {
  return {
    ...definition,
    nodes: definition.nodes.map((n) => {
      const p = positions[n.id];
      return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: { x: p.x, y: p.y } } : n;
    }),
  };
}

export type Fragment = { nodes: WorkflowNode[]; edges: WorkflowEdge[] };

/** The selected steps and the connections among them. */
export function copyFragment(definition: WorkflowDefinition, ids: Iterable<string>): Fragment {
  const set = new Set(ids);
  return {
    nodes: definition.nodes.filter((n) => set.has(n.id)),
    edges: definition.edges.filter((e) => set.has(e.source) && set.has(e.target)),
  };
}

/** Pastes with fresh ids, offset so the copies do not hide the originals; returns the new ids. */
export function pasteFragment(definition: WorkflowDefinition, fragment: Fragment, offset = 40): { definition: WorkflowDefinition; ids: string[] } {
  let next = definition;
  const renamed = new Map<string, string>();
  for (const node of fragment.nodes) {
    const id = uniqueStepId(next, node.id.replace(/_\d+$/, ""));
    renamed.set(node.id, id);
    const copy: WorkflowNode = { ...structuredClone(node), id, position: { x: node.position.x + offset, y: node.position.y + offset } };
    next = { ...next, nodes: [...next.nodes, copy] };
  }
  const edges = fragment.edges.map((e) => ({ ...e, source: renamed.get(e.source)!, target: renamed.get(e.target)! }));
  return { definition: { ...next, edges: [...next.edges, ...edges] }, ids: [...renamed.values()] };
}
