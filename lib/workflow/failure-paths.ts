import type { Reference } from "./expressions";
import type { WorkflowDefinition } from "./schema";
import type { StepLookup } from "./validate";

/**
 * A step reached through a `failure` or `always` connection may run after the step it reads has failed,
 * when only that step's failure outputs (`onFailure: true`) are set: reading another output would fail it
 * at run time. Warned while editing, with the outputs that are set.
 */
export function failurePathsOf(definition: WorkflowDefinition): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of definition.edges) if (e.on === "failure" || e.on === "always") out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  return out;
}

export function unsetOnFailure(
  ref: Reference,
  from: string,
  types: ReadonlyMap<string, string>,
  failurePaths: ReadonlyMap<string, string[]>,
  isUpstream: (node: string, maybeAncestor: string) => boolean,
  getStep: StepLookup,
): string | null {
  if (ref.kind !== "step" || !ref.output) return null;
  const targets = failurePaths.get(ref.stepId);
  if (!targets?.some((t) => t === from || isUpstream(from, t))) return null;
  const outputs = getStep(types.get(ref.stepId) ?? "")?.outputs ?? {};
  const declared = outputs[ref.output];
  if (!declared || declared.onFailure === true) return null;
  const set = Object.entries(outputs).filter(([, o]) => o.onFailure === true).map(([name]) => name);
  return `This step can run after "${ref.stepId}" fails, and then steps.${ref.stepId}.outputs.${ref.output} is not set${set.length ? ` (only ${set.join(", ")} are)` : " (a failed step of this type reports no outputs)"}.`;
}
