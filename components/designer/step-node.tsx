"use client";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { AlertTriangle, CheckCircle2, XCircle } from "lucide-react";
import { memo } from "react";
import { cn } from "@/lib/cn";
import { StepIcon } from "./step-icon";
import { PolicyNodeBadge } from "./policy-node-badge";
import type { PolicyBadge } from "./use-policy-check";

export type DiffState = "added" | "changed" | "removed" | null;

export type StepNodeData = {
  name: string;
  stepId: string;
  typeTitle: string;
  icon: string | undefined;
  errors: number;
  warnings: number;
  policy: PolicyBadge | null;
  isConnectable: boolean;
  isCondition: boolean;
  diff: DiffState;
};
export type StepFlowNode = Node<StepNodeData, "step">;

const DIFF_STYLES: Record<Exclude<DiffState, null>, string> = {
  added: "ring-2 ring-emerald-500 bg-emerald-50",
  changed: "ring-2 ring-amber-500 bg-amber-50",
  removed: "ring-2 ring-red-400 bg-red-50 opacity-70 border-dashed",
};

function StatusBadge({ errors, warnings }: { errors: number; warnings: number }) {
  if (errors > 0) {
    return (
      <span className="inline-flex items-center gap-0.5 rounded-full bg-red-100 px-1.5 text-[11px] font-medium text-red-700" data-testid="node-status">
        <XCircle className="size-3" aria-hidden /> {errors} {errors === 1 ? "problem" : "problems"}
      </span>
    );
  }
  if (warnings > 0) {
    return (
      <span className="inline-flex items-center gap-0.5 rounded-full bg-amber-100 px-1.5 text-[11px] font-medium text-amber-800" data-testid="node-status">
        <AlertTriangle className="size-3" aria-hidden /> {warnings}
      </span>
    );
  }
  return (
    <span className="inline-flex items-center text-emerald-600" data-testid="node-status" aria-label="valid">
      <CheckCircle2 className="size-3.5" aria-hidden />
    </span>
  );
}

/** One step on the canvas. Memoized: with 1,000 steps only the ones whose data changed re-render. */
export const StepNode = memo(function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  // Read-only canvases keep their handles (edges are drawn between them) but hidden and inert.
  const handle = cn("!size-3 !border-2 !border-white !bg-slate-400", !data.isConnectable && "invisible");
  const can = data.isConnectable;
  return (
    <div
      className={cn(
        "step-node w-[220px] rounded-lg border bg-white px-3 py-2 shadow-sm",
        selected ? "border-brand-600 ring-2 ring-brand-500/40" : data.errors > 0 ? "border-red-300" : "border-slate-200",
        data.diff && DIFF_STYLES[data.diff],
      )}
      data-testid={`step-${data.stepId}`}
      aria-label={`${data.name} (${data.typeTitle})${data.errors ? `, ${data.errors} problems` : ""}`}
    >
      <Handle type="target" position={Position.Left} className={handle} isConnectable={can} />
      <div className="flex items-start gap-2">
        <span className="step-detail mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md bg-brand-50 text-brand-700">
          <StepIcon name={data.icon} className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-medium text-slate-900">{data.name}</div>
          <div className="step-detail flex items-center justify-between gap-1">
            <span className="truncate text-xs text-slate-500">{data.typeTitle}</span>
            <span className="flex items-center gap-1">
              {data.policy ? <PolicyNodeBadge badge={data.policy} /> : null}
              <StatusBadge errors={data.errors} warnings={data.warnings} />
            </span>
          </div>
        </div>
      </div>
      {data.diff ? <div className="mt-1 text-[10px] font-semibold tracking-wide text-slate-600 uppercase">{data.diff}</div> : null}
      {data.isCondition ? (
        <>
          <Handle type="source" id="true" position={Position.Right} style={{ top: "35%" }} className={cn(handle, "!bg-emerald-500")} title="true" isConnectable={can} />
          <Handle type="source" id="false" position={Position.Right} style={{ top: "70%" }} className={cn(handle, "!bg-red-500")} title="false" isConnectable={can} />
        </>
      ) : (
        <Handle type="source" position={Position.Right} className={handle} isConnectable={can} />
      )}
    </div>
  );
});

/** Module scope, so React Flow never sees a new object (xyflow's rule). */
export const NODE_TYPES = { step: StepNode };
