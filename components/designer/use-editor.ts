"use client";
import { useCallback, useReducer } from "react";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

/**
 * The designer's document state: the definition being edited plus undo/redo history. Every edit is a pure
 * function of the previous definition, so history is a list of immutable snapshots (unchanged nodes are
 * shared between them, which also lets the canvas skip re-rendering them).
 */
type State = {
  definition: WorkflowDefinition;
  past: WorkflowDefinition[];
  future: WorkflowDefinition[];
  /** Consecutive edits with the same key (typing in one field) are one undo step. */
  coalesceKey: string | null;
  isDirty: boolean;
};

type Action =
  | { kind: "load"; definition: WorkflowDefinition }
  | { kind: "edit"; update: (d: WorkflowDefinition) => WorkflowDefinition; coalesce?: string }
  | { kind: "preview"; update: (d: WorkflowDefinition) => WorkflowDefinition }
  | { kind: "commit"; before: WorkflowDefinition }
  | { kind: "undo" }
  | { kind: "redo" }
  | { kind: "saved" };

const HISTORY_LIMIT = 200;

function reducer(state: State, action: Action): State {
  switch (action.kind) {
    case "load":
      return { definition: action.definition, past: [], future: [], coalesceKey: null, isDirty: false };
    case "edit": {
      const next = action.update(state.definition);
      if (next === state.definition) return state;
      const isSameGesture = action.coalesce !== undefined && action.coalesce === state.coalesceKey;
      return {
        definition: next,
        past: isSameGesture ? state.past : [...state.past, state.definition].slice(-HISTORY_LIMIT),
        future: [],
        coalesceKey: action.coalesce ?? null,
        isDirty: true,
      };
    }
    case "preview": // e.g. a node being dragged: shown at once, recorded once at the end (commit)
      return { ...state, definition: action.update(state.definition), isDirty: true };
    case "commit":
      return { ...state, past: [...state.past, action.before].slice(-HISTORY_LIMIT), future: [], coalesceKey: null };
    case "undo": {
      const previous = state.past[state.past.length - 1];
      if (!previous) return state;
      return { definition: previous, past: state.past.slice(0, -1), future: [state.definition, ...state.future], coalesceKey: null, isDirty: true };
    }
    case "redo": {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return { definition: next, past: [...state.past, state.definition], future: rest, coalesceKey: null, isDirty: true };
    }
    case "saved":
      return { ...state, isDirty: false };
  }
}

export function useEditor(initial: WorkflowDefinition) {
  const [state, dispatch] = useReducer(reducer, { definition: initial, past: [], future: [], coalesceKey: null, isDirty: false });
  return {
    definition: state.definition,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
    isDirty: state.isDirty,
    load: useCallback((definition: WorkflowDefinition) => dispatch({ kind: "load", definition }), []),
    edit: useCallback((update: (d: WorkflowDefinition) => WorkflowDefinition, coalesce?: string) => dispatch({ kind: "edit", update, coalesce }), []),
    preview: useCallback((update: (d: WorkflowDefinition) => WorkflowDefinition) => dispatch({ kind: "preview", update }), []),
    commit: useCallback((before: WorkflowDefinition) => dispatch({ kind: "commit", before }), []),
    undo: useCallback(() => dispatch({ kind: "undo" }), []),
    redo: useCallback(() => dispatch({ kind: "redo" }), []),
    markSaved: useCallback(() => dispatch({ kind: "saved" }), []),
  };
}

export type Editor = ReturnType<typeof useEditor>;
