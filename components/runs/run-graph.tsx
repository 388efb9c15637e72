"use client";
import "@xyflow/react/dist/style.css";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { memo, useMemo, useRef } from "react";
import { getStep } from "@/lib/catalog";
import { cn } from "@/lib/cn";
import { edgeFires } from "@/server/engine/planner";
import { StepIcon } from "@/components/designer/step-icon";
import { PolicyNodeBadge } from "@/components/designer/policy-node-badge";
import type { PolicyBadge } from "@/components/designer/use-policy-check";
import { formatDuration } from "./format";
import { decisionBadge, decisionsByStep } from "./run-policy";
import type { StepRow } from "./step-rows";
import type { RunDetailData } from "./types";

type RunNodeData = { name: string; stepId: string; typeTitle: string; icon: string | undefined; status: StepRow["status"]; attempts: number; elapsedMs: number | null; policy: PolicyBadge | null };
type RunFlowNode = Node<RunNodeData, "runStep">;

const STATUS_STYLE: Record<StepRow["status"], { box: string; label: string }> = {
  pending: { box: "border-slate-200 bg-white", label: "Pending" },
  running: { box: "border-blue-500 bg-blue-50 ring-2 ring-blue-400/40", label: "Running" },
  waiting: { box: "border-amber-500 bg-amber-50 ring-2 ring-amber-400/40", label: "Waiting for approval" },
  retrying: { box: "border-amber-500 bg-amber-50", label: "Retry scheduled" },
  succeeded: { box: "border-emerald-500 bg-emerald-50", label: "Succeeded" },
  failed: { box: "border-red-500 bg-red-50", label: "Failed" },
  skipped: { box: "border-dashed border-slate-300 bg-slate-50 opacity-70", label: "Skipped" },
  cancelled: { box: "border-slate-400 bg-slate-100", label: "Cancelled" },
  compensating: { box: "border-violet-500 bg-violet-50 ring-2 ring-violet-400/40", label: "Compensating" },
  compensated: { box: "border-violet-500 bg-violet-50", label: "Compensated" },
};

/** One step of the run: its state, colour-coded, with the elapsed time while it runs. */
const RunStepNode = memo(function RunStepNode({ data, selected }: NodeProps<RunFlowNode>) {
  const style = STATUS_STYLE[data.status];
  return (
    <div
      className={cn("w-[220px] rounded-lg border-2 px-3 py-2 shadow-sm", style.box, selected && "outline-2 outline-offset-2 outline-brand-600")}
      data-testid={`run-step-${data.stepId}`}
      data-status={data.status}
      aria-label={`${data.name}: ${style.label}`}
    >
      <Handle type="target" position={Position.Left} className="invisible" isConnectable={false} />
      <div className="flex items-start gap-2">
        <span className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md bg-white/70 text-slate-700">
          <StepIcon name={data.icon} className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-medium text-slate-900">{data.name}</div>
          <div className="flex items-center justify-between gap-1 text-xs text-slate-600">
            <span className="truncate">{style.label}</span>
            {/* Compact, on the status line: the step's name keeps the full width; the drawer has the details. */}
            {data.policy ? <PolicyNodeBadge badge={data.policy} testId="run-policy-badge" isCompact /> : null}
            <span className="shrink-0 tabular-nums">
              {data.elapsedMs !== null ? formatDuration(data.elapsedMs) : null}
              {data.attempts > 1 ? ` · try ${data.attempts}` : null}
            </span>
          </div>
        </div>
      </div>
      <Handle type="source" position={Position.Right} className="invisible" isConnectable={false} />
    </div>
  );
});
const NODE_TYPES = { runStep: RunStepNode };

/** Nodes and edges of the run's pinned graph in their live state; edges that carried the run are drawn strong. */
export function runGraph(run: RunDetailData, rows: StepRow[], now: number | null, selected: string | null) {
  const byId = new Map(rows.map((r) => [r.node.id, r]));
  const decisions = decisionsByStep(run.decisions);
  const nodes: RunFlowNode[] = rows.map((r) => {
    const started = r.latest?.startedAt?.getTime();
    const isLive = r.status === "running" || r.status === "compensating";
    return {
      id: r.node.id,
      type: "runStep",
      position: r.node.position,
      selected: r.node.id === selected,
      data: {
        name: r.node.name,
        stepId: r.node.id,
        typeTitle: getStep(r.node.type)?.title ?? r.node.type,
        icon: getStep(r.node.type)?.icon,
        status: r.status,
        attempts: r.attempts.length,
        policy: decisionBadge(decisions.get(r.node.id)),
        elapsedMs: started === undefined ? null : isLive ? (now === null ? null : Math.max(0, now - started)) : r.latest?.finishedAt ? r.latest.finishedAt.getTime() - started : null,
      },
    };
  });
  const edges: Edge[] = run.definition.edges.map((e) => {
    const source = byId.get(e.source);
    const target = byId.get(e.target);
    const fired = source?.latest ? edgeFires(e, { status: source.latest.status, attempt: source.latest.attempt, output: source.latest.output ?? undefined }) : null;
    const colour = fired ? (e.on === "failure" ? "#dc2626" : "#059669") : "#cbd5e1";
    return {
      id: `${e.source}->${e.target}:${e.on}`,
      source: e.source,
      target: e.target,
      label: e.on === "success" ? undefined : e.on,
      animated: fired === true && (target?.status === "running" || target?.status === "waiting"),
      style: { stroke: colour, strokeWidth: fired ? 2.5 : 1.5, strokeDasharray: fired === false ? "4 4" : undefined },
      markerEnd: { type: MarkerType.ArrowClosed, color: colour },
      data: { fired },
      className: fired ? "run-edge-carried" : fired === false ? "run-edge-not-taken" : "run-edge-open",
    };
  });
  return { nodes, edges };
}

/**
 * Keeps the previous object of every node and edge whose content did not change, so React Flow and the
 * memoized step nodes redraw only what a message changed (a 500-step run stays responsive while it runs).
 */
function useStable<T extends { id: string; data?: unknown; selected?: boolean }>(items: T[]): T[] {
  const cache = useRef(new Map<string, { key: string; item: T }>());
  return useMemo(() => {
    const next = new Map<string, { key: string; item: T }>();
    const out = items.map((item) => {
      const key = JSON.stringify([item.data, item.selected, (item as { style?: unknown }).style, (item as { animated?: boolean }).animated]);
      const hit = cache.current.get(item.id);
      const kept = hit && hit.key === key ? hit.item : item;
      next.set(item.id, { key, item: kept });
      return kept;
    });
    cache.current = next;
    return out;
  }, [items]);
}

/** The run's graph, read-only; a click (or Enter on a focused step) opens the step's drawer. */
export const RunGraph = memo(function RunGraph({ run, rows, now, selected, onSelect }: { run: RunDetailData; rows: StepRow[]; now: number | null; selected: string | null; onSelect: (stepId: string | null) => void }) {
  const graph = useMemo(() => runGraph(run, rows, now, selected), [run, rows, now, selected]);
  const nodes = useStable(graph.nodes);
  const edges = useStable(graph.edges);
  const isLarge = nodes.length > 150;
  return (
    <div
      className="h-[420px] rounded-lg border border-slate-200 bg-slate-50"
      data-testid="run-graph"
      // Keyboard: Tab to a step (React Flow makes them focusable), Enter opens its drawer.
      onKeyDown={(e) => {
        const id = e.key === "Enter" && e.target instanceof HTMLElement && e.target.classList.contains("react-flow__node") ? e.target.dataset.id : undefined;
        if (id) onSelect(id);
      }}
    >
      <ReactFlowProvider>
        <ReactFlow<RunFlowNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          onNodeClick={(_, node) => onSelect(node.id)}
          onlyRenderVisibleElements={isLarge}
          minZoom={0.05}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
});
