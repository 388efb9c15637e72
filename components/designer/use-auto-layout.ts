"use client";
import { useCallback, useState } from "react";
import { layoutGraph } from "@/lib/workflow/layout";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

type Positions = Record<string, { x: number; y: number }>;
const WORKER_THRESHOLD = 150;

/** Lays the graph out left to right; big graphs go to a Web Worker so the page stays responsive. */
export function useAutoLayout() {
  const [isRunning, setRunning] = useState(false);
  const run = useCallback(async (definition: WorkflowDefinition): Promise<Positions> => {
    const ids = definition.nodes.map((n) => n.id);
    const edges = definition.edges.map((e) => ({ source: e.source, target: e.target }));
    if (ids.length < WORKER_THRESHOLD || typeof Worker === "undefined") return layoutGraph(ids, edges);
    setRunning(true);
    try {
      return await new Promise<Positions>((resolve, reject) => {
        const worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
        worker.onmessage = (e: MessageEvent<Positions>) => {
          resolve(e.data);
          worker.terminate();
        };
        worker.onerror = (e) => {
          reject(new Error(e.message));
          worker.terminate();
        };
        worker.postMessage({ ids, edges });
      });
    } finally {
      setRunning(false);
    }
  }, []);
  return { run, isRunning };
}
