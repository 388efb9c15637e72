"use client";
import { Ban, Undo2 } from "lucide-react";
import { useCallback, useMemo, useState } from "react";
import { getStep } from "@/lib/catalog";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ApprovalBanner, PolicyApprovalBanner } from "./approval-banner";
import { APPROVAL_STEP_TYPE, ApprovalDialog } from "./approval-dialog";
import { RunEvents } from "./run-events";
import { decisionsByStep, policyHoldOf } from "./run-policy";
import { RunGraph } from "./run-graph";
import { RunHeader } from "./run-header";
import { RunSteps } from "./run-steps";
import { RunWorkflowButton } from "./run-workflow-button";
import { renderMessage } from "./render-message";
import { RunTimeline } from "./run-timeline";
import { StepDrawer } from "./step-drawer";
import { stepRows, type StepRow } from "./step-rows";
import { isActiveRun, type RunDetailData } from "./types";
import { useLiveRun } from "./use-live-run";
import { confirmCopy, useRunActions } from "./use-run-actions";
import { useNow } from "./use-now";

/**
 * One run, live (streamed over SSE, no polling): header, approvals, the graph with each step's state, the
 * timeline of attempts, the steps table and the history; a step's drawer has its attempts, data and log.
 */
export function RunDetail({ initialRun, canOperate, isAdmin = false }: { initialRun: RunDetailData; canOperate: boolean; isAdmin?: boolean }) {
  const { run, query, liveLogs, connection } = useLiveRun(initialRun);
  const isActive = isActiveRun(run.status);
  const now = useNow(isActive ? 1000 : 30_000);
  const [selected, setSelected] = useState<string | null>(null);
  const closeDrawer = useCallback(() => setSelected(null), []);
  const actions = useRunActions(run.id);
  const rows = useMemo(() => stepRows(run), [run]);
  const stepNames = useMemo(() => new Map(run.definition.nodes.map((n) => [n.id, n.name])), [run.definition]);
  const selectedRow = selected ? rows.find((r) => r.node.id === selected) : undefined;
  // Offered for a finished run with a completed step that can be undone (the server decides for good).
  const canRollBack = ["failed", "cancelled", "succeeded"].includes(run.status) && rows.some((r) => r.status === "succeeded" && getStep(r.node.type)?.compensable === true);
  const approvals = rows.filter((r) => r.status === "waiting" && r.node.type === APPROVAL_STEP_TYPE);
  const holds = rows.flatMap((r) => {
    const hold = policyHoldOf(r);
    return hold ? [{ step: r, message: hold.message }] : [];
  });
  const decisions = useMemo(() => decisionsByStep(run.decisions), [run.decisions]);
  const messageOf = (step: StepRow) => {
    const hold = policyHoldOf(step);
    if (hold) return hold.message;
    const outputs = new Map(rows.flatMap((r) => (r.latest?.status === "succeeded" && r.latest.output ? [[r.node.id, r.latest.output] as const] : [])));
    const message = typeof step.node.config.message === "string" ? step.node.config.message : "Approve to continue.";
    return renderMessage(message, run.inputs, outputs);
  };
  const confirming = actions.pending && actions.pending.kind !== "decide" ? actions.pending : null;
  const deciding = actions.pending?.kind === "decide" ? actions.pending : null;

  return (
    <>
      <RunHeader
        run={run}
        now={now}
        actions={
          canOperate ? (
            <>
              {isActive ? (
                <Button variant="secondary" className="text-red-700" onClick={() => actions.setPending({ kind: "cancel" })}>
                  <Ban className="size-4" aria-hidden /> Cancel run
                </Button>
              ) : null}
              {canRollBack ? (
                <Button variant="secondary" className="text-red-700" onClick={() => actions.setPending({ kind: "rollback" })}>
                  <Undo2 className="size-4" aria-hidden /> Roll back
                </Button>
              ) : null}
              <RunWorkflowButton workflowId={run.workflowId} initialValues={run.inputs} label="Run again" variant={isActive ? "secondary" : "primary"} />
            </>
          ) : null
        }
      />
      {query.isError ? (
        <p role="alert" className="mb-4 text-sm text-red-700">
          Could not refresh this run; showing what was last loaded.
        </p>
      ) : null}
      {isActive && connection === "connecting" ? (
        <p role="status" className="mb-4 text-sm text-slate-500">
          Connecting to live updates…
        </p>
      ) : null}
      {approvals.map((step) => (
        <ApprovalBanner key={step.node.id} step={step} message={messageOf(step)} canDecide={canOperate && (isAdmin || step.node.config.approverRole !== "admin")} onDecide={(decision) => actions.setPending({ kind: "decide", step, decision })} />
      ))}
      {holds.map(({ step, message }) => (
        <PolicyApprovalBanner key={step.node.id} step={step} message={message} canDecide={isAdmin} onDecide={(decision) => actions.setPending({ kind: "decide", step, decision })} />
      ))}
      <section aria-labelledby="run-graph-title" className="mb-8">
        <h2 id="run-graph-title" className="mb-2 text-base font-semibold text-slate-900">
          Graph
        </h2>
        <RunGraph run={run} rows={rows} now={now} selected={selected} onSelect={setSelected} />
      </section>
      <section aria-labelledby="run-timeline-title" className="mb-8">
        <h2 id="run-timeline-title" className="mb-2 text-base font-semibold text-slate-900">
          Timeline
        </h2>
        <RunTimeline run={run} rows={rows} now={now} onSelect={setSelected} />
      </section>
      <section aria-labelledby="run-steps-title" className="mb-8">
        <h2 id="run-steps-title" className="mb-2 text-base font-semibold text-slate-900">
          Steps
        </h2>
        <RunSteps rows={rows} now={now} onRerunFrom={canOperate && run.status === "failed" ? (step) => actions.setPending({ kind: "rerun", step }) : undefined} />
      </section>
      <section aria-labelledby="run-history-title">
        <h2 id="run-history-title" className="mb-2 text-base font-semibold text-slate-900">
          History
        </h2>
        <RunEvents events={run.events} stepNames={stepNames} isMounted={now !== null} />
      </section>

      {selectedRow ? <StepDrawer row={selectedRow} now={now} liveLogs={liveLogs} decisions={decisions.get(selectedRow.node.id) ?? []} onClose={closeDrawer} /> : null}
      {confirming ? (
        <ConfirmDialog open onOpenChange={(open) => !open && actions.close()} {...confirmCopy(confirming)} isLoading={actions.isBusy} onConfirm={() => void actions.confirm()} />
      ) : null}
      {deciding ? <ApprovalDialog runId={run.id} step={deciding.step} message={messageOf(deciding.step)} decision={deciding.decision} onClose={actions.close} onDecided={() => void actions.refresh()} /> : null}
    </>
  );
}
