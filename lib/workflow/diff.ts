import type { WorkflowDefinition, WorkflowNode } from "./schema";

export type NodeChange = { id: string; name: string; fields: string[] };
export type DefinitionDiff = {
  added: string[];
  removed: string[];
  changed: NodeChange[];
  /** Only the position differs: shown, but not counted as a change of behaviour. */
  moved: string[];
  edgesAdded: string[];
  edgesRemoved: string[];
  settings: string[];
};

const edgeKey = (e: { source: string; target: string; on: string }) => `${e.source} → ${e.target} (${e.on})`;

function stable(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
}

function changedFields(a: WorkflowNode, b: WorkflowNode): string[] {
  const fields: string[] = [];
  for (const key of ["type", "name", "retry", "timeoutSeconds", "when", "onError"] as const) {
    if (stable(a[key]) !== stable(b[key])) fields.push(key);
  }
  const keys = new Set([...Object.keys(a.config), ...Object.keys(b.config)]);
  for (const key of [...keys].sort()) if (stable(a.config[key]) !== stable(b.config[key])) fields.push(`config.${key}`);
  return fields;
}

/** What changed from `before` to `after`, by step id. */
export function diffDefinitions(before: WorkflowDefinition, after: WorkflowDefinition): DefinitionDiff {
  const a = new Map(before.nodes.map((n) => [n.id, n]));
  const b = new Map(after.nodes.map((n) => [n.id, n]));
  const diff: DefinitionDiff = { added: [], removed: [], changed: [], moved: [], edgesAdded: [], edgesRemoved: [], settings: [] };
  for (const [id, node] of b) {
    const old = a.get(id);
    if (!old) diff.added.push(id);
    else {
      const fields = changedFields(old, node);
      if (fields.length > 0) diff.changed.push({ id, name: node.name, fields });
      else if (old.position.x !== node.position.x || old.position.y !== node.position.y) diff.moved.push(id);
    }
  }
  for (const id of a.keys()) if (!b.has(id)) diff.removed.push(id);
  const ea = new Set(before.edges.map(edgeKey));
  const eb = new Set(after.edges.map(edgeKey));
  diff.edgesAdded = [...eb].filter((k) => !ea.has(k));
  diff.edgesRemoved = [...ea].filter((k) => !eb.has(k));
  if (stable(before.inputs) !== stable(after.inputs)) diff.settings.push("inputs");
  if (before.onFailure !== after.onFailure) diff.settings.push("onFailure");
  return diff;
}

export function isEmptyDiff(d: DefinitionDiff): boolean {
  return !d.added.length && !d.removed.length && !d.changed.length && !d.edgesAdded.length && !d.edgesRemoved.length && !d.settings.length;
}
