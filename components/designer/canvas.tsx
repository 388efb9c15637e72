"use client";
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useMemo, useRef, useState, type Dispatch, type DragEvent, type MouseEvent, type SetStateAction } from "react";
import { getStep } from "@/lib/catalog";
import { cn } from "@/lib/cn";
import { connectionProblem, edgeKey, moveNodes } from "@/lib/workflow/edit";
import type { EdgeCondition, WorkflowDefinition, WorkflowNode } from "@/lib/workflow/schema";
import { DRAG_MIME } from "./palette";
import { NODE_TYPES, type DiffState, type StepFlowNode } from "./step-node";
import type { Editor } from "./use-editor";
import type { PolicyBadge } from "./use-policy-check";

export type Selection = { nodes: string[]; edges: string[] };
export type NodeBadges = Map<string, { errors: number; warnings: number }>;

function withSelects(s: Selection, key: "nodes" | "edges", changes: Array<{ id: string; selected: boolean }>): Selection {
  const set = new Set(s[key]);
  for (const c of changes) {
    if (c.selected) set.add(c.id);
    else set.delete(c.id);
  }
  const next = [...set].sort();
  return next.join() === s[key].join() ? s : { ...s, [key]: next };
}

const EDGE_COLORS: Record<EdgeCondition, string> = {
  success: "#64748b",
  failure: "#dc2626",
  always: "#7c3aed",
  true: "#059669",
  false: "#dc2626",
};

type Props = {
  definition: WorkflowDefinition;
  editor: Editor | null; // null: read-only
  badges: NodeBadges;
  /** Each step's worst policy result (none when every policy passes). */
  policyBadges?: Map<string, PolicyBadge>;
  diff?: Map<string, DiffState>;
  ghosts?: WorkflowNode[];
  selection: Selection;
  setSelection: Dispatch<SetStateAction<Selection>>;
  onAddAt: (type: string, position: { x: number; y: number }) => void;
  onConnect: (source: string, target: string, on: EdgeCondition) => void;
  onDelete: (nodes: string[], edges: string[]) => void;
  isSnapping: boolean;
};

/**
 * The React Flow canvas, driven by the definition: flow nodes are derived from it, and cached per
 * definition node object so that an edit re-renders only the steps it touched.
 */
export function Canvas({ definition, editor, badges, policyBadges, diff, ghosts, selection, setSelection, onAddAt, onConnect, onDelete, isSnapping }: Props) {
  const flow = useReactFlow();
  const isEditable = editor !== null;
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const [measureTick, setMeasureTick] = useState(0);
  const cache = useRef(new Map<string, { deps: unknown[]; node: StepFlowNode }>());
  const dragStart = useRef<WorkflowDefinition | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  // Fit only a graph that exists when the canvas opens; an empty one must not jump on the first drop.
  const [hasNodesAtStart] = useState(definition.nodes.length > 0);
  // Far out, steps are drawn as plain boxes (CSS in globals.css): hundreds on screen must still pan smoothly.
  const [isFar, setFar] = useState(false);

  const selectedNodes = useMemo(() => new Set(selection.nodes), [selection.nodes]);
  const selectedEdges = useMemo(() => new Set(selection.edges), [selection.edges]);

  const nodes = useMemo(() => {
    void measureTick;
    const all = [...definition.nodes.map((n) => ({ n, ghost: false })), ...(ghosts ?? []).map((n) => ({ n, ghost: true }))];
    return all.map(({ n, ghost }) => {
      const b = badges.get(n.id);
      const policy = ghost ? null : (policyBadges?.get(n.id) ?? null);
      const state: DiffState = ghost ? "removed" : (diff?.get(n.id) ?? null);
      const isSelected = selectedNodes.has(n.id);
      const m = measured.current.get(n.id);
      const deps = [n, b?.errors ?? 0, b?.warnings ?? 0, policy?.outcome, policy?.title, state, isSelected, isEditable, m?.width, m?.height];
      const hit = cache.current.get(n.id);
      if (hit && hit.deps.every((d, i) => d === deps[i])) return hit.node;
      const step = getStep(n.type);
      const node: StepFlowNode = {
        id: n.id,
        type: "step",
        position: n.position,
        selected: isSelected,
        draggable: isEditable && !ghost,
        connectable: isEditable && !ghost,
        ...(m ? { measured: m } : {}),
        data: {
          name: n.name,
          stepId: n.id,
          typeTitle: step?.title ?? `Unknown type “${n.type}”`,
          icon: step?.icon,
          errors: b?.errors ?? 0,
          warnings: b?.warnings ?? 0,
          policy,
          isConnectable: isEditable && !ghost,
          isCondition: Boolean(step?.branches),
          diff: state,
        },
      };
      cache.current.set(n.id, { deps, node });
      return node;
    });
  }, [definition.nodes, ghosts, badges, policyBadges, diff, selectedNodes, isEditable, measureTick]);

  const edges = useMemo<Edge[]>(
    () =>
      definition.edges.map((e) => ({
        id: edgeKey(e),
        source: e.source,
        target: e.target,
        sourceHandle: e.on === "true" || e.on === "false" ? e.on : undefined,
        label: e.on === "success" ? undefined : e.on,
        selected: selectedEdges.has(edgeKey(e)),
        animated: e.on === "always",
        style: { stroke: EDGE_COLORS[e.on], strokeWidth: 2 },
        labelStyle: { fill: EDGE_COLORS[e.on], fontWeight: 600, fontSize: 11 },
      })),
    [definition.edges, selectedEdges],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StepFlowNode>[]) => {
      const positions: Record<string, { x: number; y: number }> = {};
      let isMeasured = false;
      const selects = changes.filter((c) => c.type === "select");
      if (selects.length > 0) setSelection((s) => withSelects(s, "nodes", selects));
      for (const c of changes) {
        if (c.type === "dimensions" && c.dimensions) {
          measured.current.set(c.id, c.dimensions);
          isMeasured = true;
        } else if (c.type === "position" && c.position && editor) {
          if (c.dragging && !dragStart.current) dragStart.current = definition;
          positions[c.id] = c.position;
        }
      }
      if (isMeasured) setMeasureTick((t) => t + 1);
      if (editor && Object.keys(positions).length > 0) editor.preview((d) => moveNodes(d, positions));
    },
    [editor, definition, setSelection],
  );

  const onNodeDragStop = useCallback(() => {
    if (editor && dragStart.current) editor.commit(dragStart.current);
    dragStart.current = null;
  }, [editor]);

  // Selection is ours (it drives the inspector). React Flow reports clicks, Ctrl/Shift-clicks, keyboard
  // (Enter on a focused step) and pane clicks as select changes; they are applied as functional updates
  // because node and edge changes arrive in separate calls for one gesture.
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const selects = changes.filter((c) => c.type === "select");
      if (selects.length > 0) setSelection((s) => withSelects(s, "edges", selects));
    },
    [setSelection],
  );

  // A plain click makes that element the whole selection (React Flow's own changes may still name a
  // previous selection it did not know about); Ctrl/Cmd/Shift-clicks are left to the changes above.
  const onNodeClick = useCallback(
    (event: MouseEvent, n: { id: string }) => {
      if (!(event.ctrlKey || event.metaKey || event.shiftKey)) setSelection({ nodes: [n.id], edges: [] });
    },
    [setSelection],
  );
  const onEdgeClick = useCallback(
    (event: MouseEvent, e: { id: string }) => {
      if (!(event.ctrlKey || event.metaKey || event.shiftKey)) setSelection({ nodes: [], edges: [e.id] });
    },
    [setSelection],
  );
  const onPaneClick = useCallback(() => setSelection({ nodes: [], edges: [] }), [setSelection]);

  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const reason = c.source && c.target ? connectionProblem(definition, c.source, c.target) : "Connect two steps.";
      setHint((h) => (h === reason ? h : reason));
      return reason === null;
    },
    [definition],
  );

  const handleConnect = useCallback(
    (c: Connection) => {
      const on: EdgeCondition = c.sourceHandle === "true" || c.sourceHandle === "false" ? c.sourceHandle : "success";
      onConnect(c.source, c.target, on);
    },
    [onConnect],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DRAG_MIME);
      if (!type || !editor) return;
      event.preventDefault();
      onAddAt(type, flow.screenToFlowPosition({ x: event.clientX - 110, y: event.clientY - 30 }));
    },
    [editor, flow, onAddAt],
  );

  const isLarge = definition.nodes.length > 300;
  return (
    <div className={cn("relative h-full w-full", isFar && "designer-far")} onDragOver={(e) => { if (editor) { e.preventDefault(); e.dataTransfer.dropEffect = "move"; } }} onDrop={onDrop}>
      <ReactFlow<StepFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onMove={(_, viewport) => setFar(viewport.zoom < 0.5)}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
        onPaneClick={onPaneClick}
        onConnect={handleConnect}
        onConnectEnd={() => setTimeout(() => setHint(null), 2500)}
        isValidConnection={isValidConnection}
        onDelete={({ nodes: n, edges: e }) => onDelete(n.map((x) => x.id), e.map((x) => x.id))}
        deleteKeyCode={isEditable ? ["Backspace", "Delete"] : null}
        nodesDraggable={isEditable}
        nodesConnectable={isEditable}
        elementsSelectable
        multiSelectionKeyCode={["Meta", "Control", "Shift"]}
        snapToGrid={isSnapping}
        snapGrid={[20, 20]}
        onlyRenderVisibleElements={isLarge}
        minZoom={0.05}
        fitView={hasNodesAtStart}
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        {/* The minimap redraws every step on each move: worth it only while the graph is small. */}
        {isLarge ? null : <MiniMap pannable zoomable nodeColor={(n) => ((n.data as { errors?: number }).errors ? "#fca5a5" : "#cbd5e1")} />}
      </ReactFlow>
      {hint ? (
        <div role="status" className="pointer-events-none absolute top-3 left-1/2 -translate-x-1/2 rounded-md bg-slate-900/90 px-3 py-1.5 text-sm text-white shadow">
          Can’t connect: {hint}
        </div>
      ) : null}
    </div>
  );
}
