"use client";
import { useDeferredValue, useMemo } from "react";
import { stringify } from "yaml";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

/** The definition as YAML, read-only and always in step with the canvas (it is derived, never edited apart). */
export function CodeView({ definition }: { definition: WorkflowDefinition }) {
  const deferred = useDeferredValue(definition);
  const text = useMemo(() => stringify(deferred, { lineWidth: 0, aliasDuplicateObjects: false }), [deferred]);
  return (
    <pre aria-label="Workflow definition as YAML" data-testid="code-view" className="h-full overflow-auto bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100">
      {text}
    </pre>
  );
}
