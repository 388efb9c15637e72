/** Graph algorithms over a definition's nodes and edges. Pure, no I/O; used by the designer and the engine. */
export type GraphEdge = { source: string; target: string };

function adjacency(ids: readonly string[], edges: readonly GraphEdge[]) {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) out.get(e.source)?.push(e.target);
  return out;
}

/** A cycle as a list of node ids (first = last), or null when the graph is acyclic. */
export function findCycle(ids: readonly string[], edges: readonly GraphEdge[]): string[] | null {
  const out = adjacency(ids, edges);
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  for (const start of ids) {
    if (state.has(start)) continue;
    // Iterative DFS: a 2,000-step chain must not overflow the call stack.
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const targets = out.get(frame.id) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        const s = state.get(target);
        if (s === 1) {
          const from = stack.findIndex((f) => f.id === target);
          return [...stack.slice(from).map((f) => f.id), target];
        }
        if (s === undefined && out.has(target)) {
          state.set(target, 1);
          stack.push({ id: target, next: 0 });
        }
      } else {
        state.set(frame.id, 2);
        stack.pop();
      }
    }
  }
  return null;
}

/** Whether adding source → target would close a cycle (i.e. source is reachable from target). */
export function wouldCreateCycle(edges: readonly GraphEdge[], source: string, target: string): boolean {
  if (source === target) return true;
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const seen = new Set<string>([target]);
  const stack = [target];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === source) return true;
    for (const next of out.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/** Kahn's algorithm; nodes on a cycle are left out. Ties keep the given order, so the result is stable. */
export function topologicalOrder(ids: readonly string[], edges: readonly GraphEdge[]): string[] {
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  const out = adjacency(ids, edges);
  for (const e of edges) if (indegree.has(e.source) && indegree.has(e.target)) indegree.set(e.target, indegree.get(e.target)! + 1);
  const queue = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const t of out.get(id) ?? []) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  return order;
}

/**
 * Upstream sets for every node of an acyclic graph, as bitsets over the topological order: building them
 * costs O(E · V/32), so validating a 2,000-step definition stays well under a millisecond per step.
 */
export function ancestorSets(ids: readonly string[], edges: readonly GraphEdge[]): (node: string, maybeAncestor: string) => boolean {
  const order = topologicalOrder(ids, edges);
  const index = new Map(order.map((id, i) => [id, i]));
  const words = Math.ceil(order.length / 32) || 1;
  const bits = order.map(() => new Uint32Array(words));
  const parents = new Map<string, string[]>();
  for (const e of edges) {
    const list = parents.get(e.target);
    if (list) list.push(e.source);
    else parents.set(e.target, [e.source]);
  }
  for (const id of order) {
    const mine = bits[index.get(id)!]!;
    for (const p of parents.get(id) ?? []) {
      const pi = index.get(p);
      if (pi === undefined) continue;
      const theirs = bits[pi]!;
      for (let w = 0; w < words; w++) mine[w]! |= theirs[w]!;
      mine[pi >> 5]! |= 1 << (pi & 31);
    }
  }
  return (node, maybeAncestor) => {
    const ni = index.get(node);
    const ai = index.get(maybeAncestor);
    if (ni === undefined || ai === undefined) return false;
    return (bits[ni]![ai >> 5]! & (1 << (ai & 31))) !== 0;
  };
}
