/// <reference lib="webworker" />
import { layoutGraph } from "@/lib/workflow/layout";

// Auto-layout off the main thread, so a 1,000-step graph never freezes the editor.
self.onmessage = (event: MessageEvent<{ ids: string[]; edges: { source: string; target: string }[] }>) => {
  self.postMessage(layoutGraph(event.data.ids, event.data.edges));
};
