import type { APIRequestContext } from "@playwright/test";
import { trpcMutation } from "./fixtures";

export type ChainNode = { id: string; type: string; name: string; config: Record<string, unknown> };

/** Imports a workflow that runs `nodes` one after the other (as the caller of `request`); returns its id and name. */
export async function importChain(request: APIRequestContext, name: string, nodes: ChainNode[]) {
  const definition = {
    inputs: [],
    onFailure: "stop",
    nodes: nodes.map((n, i) => ({ onError: "fail", position: { x: i * 300, y: 0 }, ...n })),
    edges: nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id, on: "success" })),
  };
  const text = JSON.stringify({ apiVersion: "stratus/v1", kind: "Workflow", name, description: "", definition });
  const wf = await trpcMutation<{ id: string; name: string }>(request, "workflows.import", { text, format: "json" });
  return { id: wf.id, name };
}

/** A manual-approval step: holds the run in "waiting" until the test decides it (a timed step could end before a loaded machine draws it). */
export const gate = (approverRole: "operator" | "admin" = "operator", name = "Gate"): ChainNode => ({ id: "gate", type: "manual-approval", name, config: { approverRole, message: "Go on?" } });

export const startRun = (request: APIRequestContext, workflowId: string) => trpcMutation<{ id: string }>(request, "runs.start", { workflowId, inputs: {} });

/** Records the page's EventSources (install before the page loads): `isSseOpen` then tells whether a live stream is connected. */
export const TRACK_SSE = `(() => {
  const all = [];
  globalThis.__sseIsOpen = () => all.some((es) => es.readyState === 1);
  const Original = globalThis.EventSource;
  globalThis.EventSource = class extends Original { constructor(...args) { super(...args); all.push(this); } };
})()`;
/** A function, not a string, for waitForFunction: the pages' CSP forbids the eval a string predicate needs. */
export const isSseOpen = () => (globalThis as unknown as { __sseIsOpen: () => boolean }).__sseIsOpen();
