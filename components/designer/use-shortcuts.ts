"use client";
import { useEffect, useRef } from "react";

type Handlers = { isEnabled: boolean; undo: () => void; redo: () => void; save: () => void; copy: () => void; paste: () => void };

/** Ctrl/Cmd+Z, Shift+Z (or Y), S, C, V — except while typing in a field, where the browser's own apply. */
export function useShortcuts(handlers: Handlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const h = ref.current;
      if (!h.isEnabled || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      const target = e.target as HTMLElement | null;
      const isTyping = target?.closest("input, textarea, select, [contenteditable=true]") !== null && target !== null;
      const key = e.key.toLowerCase();
      if (key === "s") {
        e.preventDefault();
        h.save();
        return;
      }
      if (isTyping) return;
      if (key === "z" && !e.shiftKey) h.undo();
      else if ((key === "z" && e.shiftKey) || key === "y") h.redo();
      else if (key === "c") h.copy();
      else if (key === "v") h.paste();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
