"use client";
import { useWarnBeforeUnload } from "@/components/ui/use-warn-before-unload";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";
import { Badge } from "@/components/ui/badge";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { getStep } from "@/lib/catalog";
import { diffDefinitions } from "@/lib/workflow/diff";
import { addStep, connect, copyFragment, moveNodes, pasteFragment, removeElements, type Fragment } from "@/lib/workflow/edit";
import { exportWorkflow } from "@/lib/workflow/io";
import { emptyDefinition, type EdgeCondition, type WorkflowDefinition } from "@/lib/workflow/schema";
import { hasErrors, validateDefinition } from "@/lib/workflow/validate";
import { RunWorkflowButton } from "@/components/runs/run-workflow-button";
import { Canvas, type NodeBadges, type Selection } from "./canvas";
import { CodeView } from "./code-view";
import { CompareList } from "./compare-list";
import { downloadText } from "@/components/ui/download";
import { Inspector } from "./inspector";
import { Palette } from "./palette";
import { ProblemsPanel } from "./problems-panel";
import { SaveDialog } from "./save-dialog";
import { Toolbar, type RightTab } from "./toolbar";
import { useAutoLayout } from "./use-auto-layout";
import { useEditor } from "./use-editor";
import { usePolicyCheck } from "./use-policy-check";
import { useShortcuts } from "./use-shortcuts";
import { VersionsPanel } from "./versions-panel";

type WorkflowData = inferRouterOutputs<AppRouter>["workflows"]["get"];
export type DesignerProps = { workflowId: string; initialWorkflow: WorkflowData; canEdit: boolean; version?: number; compare?: number };

export function Designer(props: DesignerProps) {
  return (
    <ReactFlowProvider>
      <DesignerInner {...props} />
    </ReactFlowProvider>
  );
}

let clipboard: Fragment | null = null;
const EMPTY_SELECTION: Selection = { nodes: [], edges: [] };

function DesignerInner({ workflowId, initialWorkflow, canEdit, version, compare }: DesignerProps) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const flow = useReactFlow();
  const workflow = useQuery({ ...trpc.workflows.get.queryOptions({ id: workflowId }), initialData: initialWorkflow });
  const pinned = version ?? compare;
  const other = useQuery({ ...trpc.workflows.version.queryOptions({ id: workflowId, number: pinned ?? 1 }), enabled: pinned !== undefined });
  const save = useMutation(trpc.workflows.save.mutationOptions());
  // Start from the server-rendered definition, so the first paint already shows the graph.
  const editor = useEditor(initialWorkflow.definition);
  const [baseVersion, setBaseVersion] = useState<number | null>(initialWorkflow.currentVersion);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [tab, setTab] = useState<RightTab>(compare ? "versions" : "inspect");
  const [isSnapping, setSnapping] = useState(true);
  const [isSaveOpen, setSaveOpen] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const layout = useAutoLayout();
  const canvasRef = useRef<HTMLDivElement>(null);

  // Load the saved definition once, and again after a restore (when there are no unsaved edits).
  const data = workflow.data;
  useEffect(() => {
    if (!data) return;
    if (baseVersion === null || (data.currentVersion > baseVersion && !editor.isDirty)) {
      editor.load(data.definition);
      setBaseVersion(data.currentVersion);
    }
  }, [data, baseVersion, editor]);

  const isViewingOld = version !== undefined;
  const isComparing = compare !== undefined;
  const isEditable = canEdit && !isViewingOld && !isComparing && !data?.isArchived;
  const shown: WorkflowDefinition = isViewingOld ? (other.data?.definition ?? emptyDefinition()) : editor.definition;
  const deferred = useDeferredValue(shown);
  const problems = useMemo(() => validateDefinition(deferred, getStep), [deferred]);
  const badges = useMemo(() => {
    const map: NodeBadges = new Map();
    for (const p of problems) {
      if (!p.nodeId) continue;
      const b = map.get(p.nodeId) ?? { errors: 0, warnings: 0 };
      if (p.severity === "error") b.errors++;
      else b.warnings++;
      map.set(p.nodeId, b);
    }
    return map;
  }, [problems]);
  const policy = usePolicyCheck(workflowId, data?.name ?? initialWorkflow.name, deferred);
  const names = useMemo(() => new Map(shown.nodes.map((n) => [n.id, n.name])), [shown.nodes]);

  const diff = useMemo(() => (isComparing && other.data ? diffDefinitions(other.data.definition, editor.definition) : null), [isComparing, other.data, editor.definition]);
  const diffStates = useMemo(() => {
    if (!diff) return undefined;
    const m = new Map<string, "added" | "changed">();
    for (const id of diff.added) m.set(id, "added");
    for (const c of diff.changed) m.set(c.id, "changed");
    return m;
  }, [diff]);
  const ghosts = useMemo(() => (diff && other.data ? other.data.definition.nodes.filter((n) => diff.removed.includes(n.id)) : undefined), [diff, other.data]);

  const active = isEditable ? editor : null;

  const addAt = useCallback(
    (type: string, position: { x: number; y: number }, connectFrom?: string) => {
      const step = getStep(type);
      if (!step || !active) return;
      let newId = "";
      active.edit((d) => {
        const r = addStep(d, step, position, connectFrom);
        newId = r.id;
        return r.definition;
      });
      setSelection({ nodes: [newId], edges: [] });
    },
    [active],
  );

  const addByClick = useCallback(
    (type: string) => {
      const from = selection.nodes.length === 1 ? shown.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
      if (from) return addAt(type, { x: from.position.x + 260, y: from.position.y }, from.id);
      const rect = canvasRef.current?.getBoundingClientRect();
      const center = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2 - 110, y: rect.top + rect.height / 2 - 36 }) : { x: 0, y: 0 };
      const offset = (shown.nodes.length % 6) * 20;
      addAt(type, { x: Math.round(center.x / 20) * 20 + offset, y: Math.round(center.y / 20) * 20 + offset });
    },
    [addAt, flow, selection.nodes, shown.nodes],
  );

  const onConnect = useCallback(
    (source: string, target: string, on: EdgeCondition) => {
      if (!active) return;
      const result = connect(active.definition, source, target, on);
      if (!result.ok) toast.error(result.reason);
      else active.edit(() => result.definition);
    },
    [active, toast],
  );

  const onDelete = useCallback(
    (nodes: string[], edges: string[]) => {
      active?.edit((d) => removeElements(d, nodes, edges));
      setSelection(EMPTY_SELECTION);
    },
    [active],
  );

  const selectNode = useCallback(
    (id: string) => {
      setSelection({ nodes: [id], edges: [] });
      setTab("inspect");
      void flow.fitView({ nodes: [{ id }], duration: 300, maxZoom: 1.2 });
    },
    [flow],
  );

  const runLayout = useCallback(async () => {
    if (!active) return;
    const positions = await layout.run(active.definition);
    active.edit((d) => moveNodes(d, positions));
    setTimeout(() => void flow.fitView({ padding: 0.2, duration: 300 }), 50);
  }, [active, layout, flow]);

  const exportFile = useCallback(
    (format: "json" | "yaml") => {
      if (!data) return;
      const text = exportWorkflow({ name: data.name, description: data.description, definition: shown }, format);
      const slug = data.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "workflow";
      downloadText(`${slug}.${format}`, text, format === "json" ? "application/json" : "application/yaml");
    },
    [data, shown],
  );

  const doSave = useCallback(
    (message: string) => {
      if (!active || baseVersion === null) return;
      save.mutate(
        { id: workflowId, baseVersion, definition: active.definition, message },
        {
          onSuccess: (r) => {
            setBaseVersion(r.number);
            active.markSaved();
            setSaveOpen(false);
            setConflict(null);
            toast.success(`Saved as version ${r.number}.`);
            void queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
          },
          onError: (e) => {
            setSaveOpen(false);
            const code = (e as { data?: { code?: string } }).data?.code;
            if (code === "CONFLICT") setConflict(e.message);
            else toast.error(errorMessage(e));
          },
        },
      );
    },
    [active, baseVersion, save, workflowId, toast, queryClient, trpc],
  );

  useShortcuts({
    isEnabled: active !== null,
    undo: editor.undo,
    redo: editor.redo,
    save: () => editor.isDirty && setSaveOpen(true),
    copy: () => {
      if (selection.nodes.length) clipboard = copyFragment(shown, selection.nodes);
    },
    paste: () => {
      if (!clipboard || !active) return;
      const frag = clipboard;
      let ids: string[] = [];
      active.edit((d) => {
        const r = pasteFragment(d, frag);
        ids = r.ids;
        return r.definition;
      });
      setSelection({ nodes: ids, edges: [] });
    },
  });

  useWarnBeforeUnload(editor.isDirty);

  if (pinned !== undefined && other.isPending) return <LoadingState label="Opening the version…" />;
  if (other.isError) return <div className="p-6"><ErrorState message={errorMessage(other.error)} /></div>;
  const wf = workflow.data;

  return (
    <div className="flex h-[calc(100vh-3.5rem)] flex-col" data-testid="designer">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-3 py-2">
        <div className="flex min-w-0 items-center gap-2">
          <Link href="/workflows" className="rounded p-1 text-slate-500 hover:bg-slate-100" aria-label="Back to workflows">
            <ArrowLeft className="size-4" aria-hidden />
          </Link>
          <h1 className="truncate text-base font-semibold text-slate-900">{wf.name}</h1>
          <Badge tone="neutral">v{isViewingOld ? version : (baseVersion ?? wf.currentVersion)}</Badge>
          {isViewingOld ? <Badge tone="amber">Read-only: version {version}</Badge> : null}
          {isComparing ? <Badge tone="violet">Comparing v{compare} → v{wf.currentVersion}</Badge> : null}
          {wf.isArchived ? <Badge tone="amber">Archived</Badge> : null}
          {!canEdit ? <Badge tone="neutral">View only</Badge> : null}
          {editor.isDirty && isEditable ? <span className="text-xs text-amber-700">Unsaved changes</span> : null}
        </div>
        <Toolbar
          isEditable={isEditable}
          canUndo={editor.canUndo}
          canRedo={editor.canRedo}
          isDirty={editor.isDirty}
          isSaving={save.isPending}
          isLayingOut={layout.isRunning}
          isSnapping={isSnapping}
          tab={tab}
          onUndo={editor.undo}
          onRedo={editor.redo}
          onLayout={() => void runLayout()}
          onFit={() => void flow.fitView({ padding: 0.2, duration: 300 })}
          onToggleSnap={() => setSnapping((s) => !s)}
          onExport={exportFile}
          onTab={setTab}
          onSave={() => setSaveOpen(true)}
        />
        {canEdit && !isViewingOld && !isComparing ? (
          <RunWorkflowButton
            workflowId={workflowId}
            inputs={wf.definition.inputs}
            size="sm"
            // The server runs the saved version, and refuses one with problems: say so before, not after.
            disabledReason={
              wf.isArchived
                ? "Restore this workflow to run it."
                : editor.isDirty
                  ? "Save your changes first: runs use the saved version."
                  : hasErrors(problems)
                    ? "Fix the problems listed under the canvas first."
                    : policy.blocking.length > 0
                      ? `Policies deny this run: ${policy.blocking.join("; ")}`
                      : undefined
            }
          />
        ) : null}
      </div>
      {conflict ? (
        <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
          {conflict}
        </div>
      ) : null}
      {(isViewingOld || isComparing) && (
        <div className="border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-sm text-amber-900">
          {isViewingOld ? `You are looking at version ${version}, read-only.` : `Changes from version ${compare} to the current version ${wf.currentVersion} are highlighted.`}{" "}
          <Link href={`/workflows/${workflowId}`} className="font-medium underline">
            Back to the current version
          </Link>
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        {isEditable ? <Palette onAdd={addByClick} /> : null}
        <div className="flex min-w-0 flex-1 flex-col">
          <div ref={canvasRef} className="min-h-0 flex-1" aria-label="Workflow canvas">
            <Canvas
              definition={shown}
              editor={active}
              badges={badges}
              policyBadges={isViewingOld || isComparing ? undefined : policy.badges}
              diff={diffStates}
              ghosts={ghosts}
              selection={selection}
              setSelection={setSelection}
              onAddAt={(type, pos) => addAt(type, pos)}
              onConnect={onConnect}
              onDelete={onDelete}
              isSnapping={isSnapping}
            />
          </div>
          <div className="h-36 shrink-0 border-t border-slate-200 bg-white">
            <ProblemsPanel problems={problems} policies={isViewingOld || isComparing ? [] : policy.problems} names={names} onSelect={selectNode} />
          </div>
        </div>
        <aside aria-label="Details" className="w-80 shrink-0 overflow-y-auto border-l xl:w-96 border-slate-200 bg-white">
          {tab === "code" ? (
            <CodeView definition={shown} />
          ) : tab === "versions" ? (
            <>
              {diff ? <CompareList diff={diff} before={other.data?.definition} after={editor.definition} onSelect={selectNode} /> : null}
              <VersionsPanel workflowId={workflowId} currentVersion={baseVersion ?? wf.currentVersion} canEdit={canEdit && !wf.isArchived} isDirty={editor.isDirty} onRestored={editor.markSaved} />
            </>
          ) : (
            <Inspector definition={shown} editor={active} selection={selection} problems={problems} policyResults={isViewingOld || isComparing ? undefined : policy.results} onDelete={onDelete} />
          )}
        </aside>
      </div>
      <SaveDialog open={isSaveOpen} onOpenChange={setSaveOpen} isSaving={save.isPending} errorCount={problems.filter((p) => p.severity === "error").length} onSave={doSave} />
    </div>
  );
}
