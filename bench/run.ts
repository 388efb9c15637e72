// `npm run bench [-- <suite>…]`: performance figures, printed as tables. Not part of `npm test`.
//   api      request-path costs of the foundation (bench/api.ts)
//   editor   the workflow editor: validate 2,000 steps, lay out and open 1,000, pan (bench/editor.ts)
//   engine   step-to-step overhead, fan-out, a 1,000-step chain, 100 concurrent runs (bench/engine.ts)
//   live     commit → node colour in the browser over SSE, opening a 500-step run (bench/live.ts)
// With no suite named, every suite runs in this order.
export {}; // a module, for the top-level await
const SUITES: Record<string, () => Promise<void>> = {
  api: async () => (await import("./api")).runApiBench(),
  editor: async () => (await import("./editor")).runEditorBench(),
  engine: async () => (await import("./engine")).runEngineBench(),
  live: async () => (await import("./live")).runLiveBench(),
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !Object.hasOwn(SUITES, name));
if (unknown.length > 0) {
  console.error(`Unknown bench suite${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Suites: ${Object.keys(SUITES).join(", ")}.`);
  process.exit(1);
}
for (const name of requested.length > 0 ? requested : Object.keys(SUITES)) await SUITES[name]!();
