import dagre from "@dagrejs/dagre";
import type { GraphEdge } from "./graph";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 72;

/**
 * Left-to-right DAG layout (dagre). Pure and synchronous: the designer runs it in a Web Worker for big
 * graphs (layout.worker.ts) and on the main thread for small ones; bench/ times it for 1,000 steps.
 */
export function layoutGraph(ids: readonly string[], edges: readonly GraphEdge[]): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) g.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const id of ids) {
    const n = g.node(id) as { x: number; y: number };
    // dagre gives centres; React Flow positions are top-left corners. Round to the 20 px grid.
    positions[id] = { x: Math.round((n.x - NODE_WIDTH / 2) / 20) * 20, y: Math.round((n.y - NODE_HEIGHT / 2) / 20) * 20 };
  }
  return positions;
}
