"use client";
import { Trash2 } from "lucide-react";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/input";
import { getStep } from "@/lib/catalog";
import { updateNode, setEdgeCondition, edgeKey } from "@/lib/workflow/edit";
import { ancestorSets } from "@/lib/workflow/graph";
import { EDGE_CONDITIONS, type EdgeCondition, type WorkflowDefinition, type WorkflowNode } from "@/lib/workflow/schema";
import type { Problem } from "@/lib/workflow/validate";
import type { PolicyResult } from "@/lib/policy/schemas";
import { PolicyResults } from "./policy-results";
import { ConfigForm } from "./config-form";
import { ExpressionInput } from "./expression-input";
import { StepIcon } from "./step-icon";
import type { Editor } from "./use-editor";
import { WorkflowSettings } from "./workflow-settings";

/** What later steps may reference from this node: the run inputs and the outputs of upstream steps only. */
export function referenceSuggestions(definition: WorkflowDefinition, nodeId: string): string[] {
  const isUpstream = ancestorSets(definition.nodes.map((n) => n.id), definition.edges);
  const out = definition.inputs.map((i) => `inputs.${i.name}`);
  for (const n of definition.nodes) {
    if (n.id === nodeId || !isUpstream(nodeId, n.id)) continue;
    for (const name of Object.keys(getStep(n.type)?.outputs ?? {})) out.push(`steps.${n.id}.outputs.${name}`);
  }
  return out;
}

const EDGE_LABELS: Record<EdgeCondition, string> = {
  success: "On success",
  failure: "On failure",
  always: "Always",
  true: "When true (condition)",
  false: "When false (condition)",
};

export function Inspector({
  definition,
  editor,
  selection,
  problems,
  policyResults,
  onDelete,
}: {
  definition: WorkflowDefinition;
  editor: Editor | null;
  selection: { nodes: string[]; edges: string[] };
  problems: Problem[];
  policyResults?: Record<string, PolicyResult[]>;
  onDelete: (nodes: string[], edges: string[]) => void;
}) {
  const node = selection.nodes.length === 1 ? definition.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
  const edge = !node && selection.edges.length === 1 ? definition.edges.find((e) => edgeKey(e) === selection.edges[0]) : undefined;

  if (node) return <NodeInspector key={node.id} node={node} definition={definition} editor={editor} problems={problems} policyResults={policyResults?.[node.id]} onDelete={onDelete} />;
  if (edge) {
    const key = edgeKey(edge);
    const source = definition.nodes.find((n) => n.id === edge.source);
    const target = definition.nodes.find((n) => n.id === edge.target);
    return (
      <div className="space-y-4 p-4">
        <h2 className="text-sm font-semibold text-slate-900">Connection</h2>
        <p className="text-sm text-slate-600">
          {source?.name ?? edge.source} → {target?.name ?? edge.target}
        </p>
        <Field id="edge-on" label="Runs the next step">
          <Select id="edge-on" value={edge.on} disabled={!editor} onChange={(e) => editor?.edit((d) => setEdgeCondition(d, key, e.target.value as EdgeCondition))}>
            {EDGE_CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {EDGE_LABELS[c]}
              </option>
            ))}
          </Select>
        </Field>
        {editor ? (
          <Button variant="secondary" size="sm" onClick={() => onDelete([], [key])}>
            <Trash2 className="size-4" aria-hidden /> Remove connection
          </Button>
        ) : null}
      </div>
    );
  }
  if (selection.nodes.length > 1) {
    return (
      <div className="space-y-3 p-4 text-sm text-slate-600">
        <p>{selection.nodes.length} steps selected.</p>
        {editor ? (
          <Button variant="secondary" size="sm" onClick={() => onDelete(selection.nodes, selection.edges)}>
            <Trash2 className="size-4" aria-hidden /> Delete selected
          </Button>
        ) : null}
      </div>
    );
  }
  return <WorkflowSettings definition={definition} editor={editor} problems={problems} />;
}

function NodeInspector({
  node,
  definition,
  editor,
  problems,
  policyResults,
  onDelete,
}: {
  node: WorkflowNode;
  definition: WorkflowDefinition;
  editor: Editor | null;
  problems: Problem[];
  policyResults: PolicyResult[] | undefined;
  onDelete: (nodes: string[], edges: string[]) => void;
}) {
  const step = getStep(node.type);
  const index = definition.nodes.indexOf(node);
  const suggestions = useMemo(() => referenceSuggestions(definition, node.id), [definition, node.id]);
  const prefix = `nodes[${index}].config.`;
  const errors = useMemo(() => {
    const out: Record<string, string> = {};
    for (const p of problems) if (p.nodeId === node.id && p.path.startsWith(prefix)) out[p.path.slice(prefix.length)] ??= p.message.replace(/^[\w.]+: /, "");
    return out;
  }, [problems, node.id, prefix]);
  const whenError = problems.find((p) => p.nodeId === node.id && p.path === `nodes[${index}].when`)?.message;
  const patch = (p: Partial<WorkflowNode>, coalesce: string) => editor?.edit((d) => updateNode(d, node.id, p), `${node.id}:${coalesce}`);

  return (
    <div className="space-y-4 p-4">
      <div className="flex items-start gap-2">
        <span className="flex size-8 items-center justify-center rounded-md bg-brand-50 text-brand-700">
          <StepIcon name={step?.icon} className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold text-slate-900">{step?.title ?? `Unknown step type “${node.type}”`}</h2>
          <p className="text-xs text-slate-500">{step?.description}</p>
        </div>
        {editor ? (
          <Button variant="ghost" size="sm" aria-label={`Delete ${node.name}`} onClick={() => onDelete([node.id], [])}>
            <Trash2 className="size-4" aria-hidden />
          </Button>
        ) : null}
      </div>
      <PolicyResults results={policyResults} />
      <Field id="node-name" label="Name">
        <Input id="node-name" className="nodrag" value={node.name} disabled={!editor} onChange={(e) => patch({ name: e.target.value }, "name")} />
      </Field>
      <p className="text-xs text-slate-500">
        Id <code className="rounded bg-slate-100 px-1">{node.id}</code> — later steps use{" "}
        <code className="rounded bg-slate-100 px-1">steps.{node.id}.outputs.…</code>
      </p>
      {step ? (
        <section aria-label="Step settings">
          <ConfigForm
            schema={step.config}
            value={node.config}
            onChange={(config) => patch({ config }, "config")}
            errors={errors}
            suggestions={suggestions}
            readOnly={!editor}
            idPrefix={`cfg-${node.id}`}
          />
        </section>
      ) : null}
      <details className="rounded-md border border-slate-200 p-3">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Run options</summary>
        <div className="mt-3 space-y-3">
          <Field id="node-when" label="Run only when (CEL)" error={whenError} hint="e.g. inputs.environment == &quot;prod&quot;">
            <ExpressionInput
              id="node-when"
              value={node.when ?? ""}
              onChange={(v) => patch({ when: v.trim() ? v : undefined }, "when")}
              suggestions={suggestions}
              mode="expression"
              disabled={!editor}
            />
          </Field>
          <Field id="node-onerror" label="If this step fails">
            <Select id="node-onerror" value={node.onError} disabled={!editor} onChange={(e) => patch({ onError: e.target.value as WorkflowNode["onError"] }, "onError")}>
              <option value="fail">Fail the run</option>
              <option value="continue">Continue with the next steps</option>
            </Select>
          </Field>
          <Field id="node-retries" label="Attempts" hint="1 = no retry; retries back off exponentially.">
            <Input
              id="node-retries"
              type="number"
              min={1}
              max={10}
              className="nodrag"
              disabled={!editor}
              value={node.retry?.maxAttempts ?? 1}
              onChange={(e) => {
                const n = Math.min(10, Math.max(1, Math.trunc(Number(e.target.value) || 1)));
                patch({ retry: n > 1 ? { maxAttempts: n, backoff: "exponential", delaySeconds: node.retry?.delaySeconds ?? 5 } : undefined }, "retry");
              }}
            />
          </Field>
          <Field id="node-timeout" label="Timeout (seconds)" hint="Empty: the step type's default.">
            <Input
              id="node-timeout"
              type="number"
              min={1}
              max={86400}
              className="nodrag"
              disabled={!editor}
              value={node.timeoutSeconds ?? ""}
              onChange={(e) => {
                const n = Math.trunc(Number(e.target.value));
                patch({ timeoutSeconds: e.target.value === "" || !(n >= 1) ? undefined : Math.min(86400, n) }, "timeout");
              }}
            />
          </Field>
        </div>
      </details>
    </div>
  );
}
