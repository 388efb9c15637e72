import { expect, test, type Page } from "@playwright/test";
import { screenshot, storageStateFor, trpcMutation } from "./fixtures";

test.use({ storageState: storageStateFor("operator"), viewport: { width: 1500, height: 1000 } });

type Node = { id: string; type: string; name: string; config: Record<string, unknown>; retry?: unknown; timeoutSeconds?: number };
const at = (i: number) => ({ x: i * 300, y: 0 });

/** Imports a workflow (a chain of `nodes`) and starts it; returns the run id. */
async function startChain(page: Page, name: string, nodes: Node[]) {
  const definition = {
    inputs: [],
    onFailure: "stop",
    nodes: nodes.map((n, i) => ({ onError: "fail", position: at(i), ...n })),
    edges: nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id, on: "success" })),
  };
  const text = JSON.stringify({ apiVersion: "stratus/v1", kind: "Workflow", name: `${name} ${Date.now()}`, description: "", definition });
  const wf = await trpcMutation<{ id: string }>(page.request, "workflows.import", { text, format: "json" });
  const run = await trpcMutation<{ id: string }>(page.request, "runs.start", { workflowId: wf.id, inputs: {} });
  return run.id;
}

/** Fails the test if the page navigates (reloads) after this point. */
function forbidReload(page: Page) {
  let loads = 0;
  page.on("load", () => loads++);
  return () => expect(loads, "the run page reloaded").toBe(0);
}

test("the run view follows a run live: steps turn from running to succeeded without a reload", async ({ page }) => {
  // Every status a step node shows, in order, as the browser draws it (installed before the page loads).
  await page.addInitScript(`(() => {
    const seen = {};
    globalThis.__statuses = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll("[data-testid^=run-step-]")) {
        const id = el.getAttribute("data-testid"), st = el.getAttribute("data-status"), list = (seen[id] ||= []);
        if (list[list.length - 1] !== st) list.push(st);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  })()`);
  const runId = await startChain(page, "Live", [
    { id: "pause", type: "wait", name: "Pause", config: { seconds: 8 } },
    { id: "tell", type: "notify", name: "Tell", config: { message: "done", severity: "info" } },
  ]);
  await page.goto(`/runs/${runId}`);
  const noReload = forbidReload(page);
  const pause = page.getByTestId("run-step-pause");
  await expect(pause).toHaveAttribute("data-status", "running");
  await screenshot(page, "run-view-live");
  await expect(pause).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
  await expect(page.getByTestId("run-step-tell")).toHaveAttribute("data-status", "succeeded");
  // The page saw each step change while it was open: running, then succeeded; pending, then succeeded.
  const statuses = await page.evaluate<Record<string, string[]>>("globalThis.__statuses");
  expect(statuses["run-step-pause"]).toEqual(["running", "succeeded"]);
  expect(statuses["run-step-tell"]![0]).toBe("pending");
  expect(statuses["run-step-tell"]!.at(-1)).toBe("succeeded");
  await expect(page.getByRole("main").getByText("Succeeded").first()).toBeVisible();
  // The edge that carried the run is drawn as carried.
  await expect(page.locator(".run-edge-carried")).toHaveCount(1);
  // The timeline has a bar per attempt.
  await expect(page.getByTestId("gantt-bar")).toHaveCount(2);
  noReload();
  // The drawer shows the step's log (stored with its result).
  await page.getByTestId("run-step-tell").click();
  await expect(page.getByTestId("step-drawer")).toContainText("Tell");
  await expect(page.getByTestId("step-log")).toContainText("done");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("step-drawer")).toHaveCount(0);
  await screenshot(page, "run-view");
});

test("a step that fails and is retried shows both attempts on the timeline", async ({ page }) => {
  const marker = `/tmp/stratus-e2e-flaky-${Date.now()}`;
  const runId = await startChain(page, "Flaky", [
    // First attempt: hangs past its 2 s limit (a timeout is retryable); second attempt: succeeds at once.
    { id: "flaky", type: "script", name: "Flaky", config: { command: `if [ -f ${marker} ]; then echo ok; else touch ${marker}; sleep 30; fi` }, timeoutSeconds: 2, retry: { maxAttempts: 2, backoff: "fixed", delaySeconds: 1 } },
  ]);
  await page.goto(`/runs/${runId}`);
  const noReload = forbidReload(page);
  const bars = page.locator('[data-testid="gantt-bar"][data-step="flaky"]');
  await expect(bars.first()).toHaveAttribute("data-status", "running");
  await expect(bars).toHaveCount(2, { timeout: 20_000 });
  await expect(bars.nth(0)).toHaveAttribute("data-status", "failed");
  await expect(bars.nth(1)).toHaveAttribute("data-status", "succeeded", { timeout: 10_000 });
  await expect(page.getByTestId("run-step-flaky")).toContainText("try 2");
  // The failed attempt ended when it timed out: its bar stops before the retry's starts.
  const [first, second] = [await bars.nth(0).boundingBox(), await bars.nth(1).boundingBox()];
  expect(first!.x + first!.width).toBeLessThanOrEqual(second!.x + 1);
  noReload();
  await screenshot(page, "run-view-retry");
});

test("an approval is decided from the run view, and the run goes on", async ({ page }) => {
  const runId = await startChain(page, "Approved", [
    { id: "gate", type: "manual-approval", name: "Gate", config: { approverRole: "operator", message: "Ship it?" } },
    { id: "after", type: "notify", name: "After", config: { message: "shipped", severity: "info" } },
  ]);
  await page.goto(`/runs/${runId}`);
  const noReload = forbidReload(page);
  await expect(page.getByTestId("run-step-gate")).toHaveAttribute("data-status", "waiting");
  await page.getByRole("button", { name: "Approve" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox").fill("looks good");
  await dialog.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("run-step-gate")).toHaveAttribute("data-status", "succeeded", { timeout: 10_000 });
  await expect(page.getByTestId("run-step-after")).toHaveAttribute("data-status", "succeeded", { timeout: 10_000 });
  noReload();
});

test("a finished run is rolled back from the run view: what it created is undone, live", async ({ page }) => {
  const suffix = Date.now().toString(36);
  const runId = await startChain(page, "Rolled back", [
    { id: "store", type: "bucket", name: "Store", config: { name: `e2e-rb-${suffix}` } },
    { id: "tell", type: "notify", name: "Tell", config: { message: "stored", severity: "info" } },
  ]);
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-step-tell")).toHaveAttribute("data-status", "succeeded", { timeout: 15_000 });
  const noReload = forbidReload(page);
  await page.getByRole("button", { name: "Roll back" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Roll back this run?");
  await dialog.getByRole("button", { name: "Roll back" }).click();
  await expect(page.getByTestId("run-step-store")).toHaveAttribute("data-status", "compensated", { timeout: 15_000 });
  await expect(page.getByRole("main").getByText("Rolled back").first()).toBeVisible();
  await expect(page.getByTestId("run-step-tell")).toHaveAttribute("data-status", "succeeded"); // a notification cannot be undone
  noReload();
  // Nothing is left to undo: the action is no longer offered.
  await expect(page.getByRole("button", { name: "Roll back" })).toHaveCount(0);
});

test("the runs list shows a new run and its status changes without a reload", async ({ page }) => {
  await page.addInitScript(`(() => {
    const all = [];
    globalThis.__sseIsOpen = () => all.some((es) => es.readyState === 1);
    const Original = globalThis.EventSource;
    globalThis.EventSource = class extends Original { constructor(...args) { super(...args); all.push(this); } };
  })()`);
  await page.goto("/runs");
  await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
  // The list's stream is open before the run starts. A function, not a string: the page's CSP forbids eval.
  await page.waitForFunction(() => (globalThis as unknown as { __sseIsOpen: () => boolean }).__sseIsOpen());
  const noReload = forbidReload(page);
  const name = `Listed ${Date.now()}`;
  // An approval gate holds the run in one status until the test moves it on (a timed step could end before
  // a loaded machine draws it).
  const runId = await startChain(page, name, [
    { id: "gate", type: "manual-approval", name: "Gate", config: { approverRole: "operator", message: "go?" } },
  ]);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Waiting", { timeout: 10_000 });
  await trpcMutation(page.request, "runs.approve", { id: runId, stepId: "gate", isApproved: true, comment: "ok" });
  await expect(row).toContainText("Succeeded", { timeout: 15_000 });
  noReload();
});

test("after a dropped connection the run view resumes where it stopped: nothing missed, nothing twice", async ({ page, context }) => {
  // Counts the stream's connections, and can cut them the way a network failure does (closed, then "error").
  await page.addInitScript(`(() => {
    const counts = { open: 0, error: 0 };
    const all = [];
    globalThis.__sse = counts;
    globalThis.__dropSse = () => { for (const es of all) if (es.readyState !== 2) { es.close(); es.dispatchEvent(new Event("error")); } };
    globalThis.__sseIsOpen = () => all.some((es) => es.readyState === 1);
    const Original = globalThis.EventSource;
    globalThis.EventSource = class extends Original {
      constructor(...args) {
        super(...args);
        all.push(this);
        this.addEventListener("open", () => counts.open++);
        this.addEventListener("error", () => counts.error++);
      }
    };
  })()`);
  // An approval gate holds the run (and so its stream) open until the test decides it.
  const runId = await startChain(page, "Resumed", [
    { id: "gate", type: "manual-approval", name: "Gate", config: { approverRole: "operator", message: "go?" } },
    { id: "three", type: "notify", name: "Three", config: { message: "end", severity: "info" } },
  ]);
  await page.goto(`/runs/${runId}`);
  const noReload = forbidReload(page);
  await expect(page.getByTestId("run-step-gate")).toHaveAttribute("data-status", "waiting");
  // Functions, not strings: the page's CSP forbids eval, which Playwright would use for a string predicate.
  type Hooks = { __sseIsOpen: () => boolean; __dropSse: () => void };
  await page.waitForFunction(() => (globalThis as unknown as Hooks).__sseIsOpen()); // the page's stream is open (not only its first render)
  await page.evaluate(() => (globalThis as unknown as Hooks).__dropSse()); // the stream drops …
  await trpcMutation(page.request, "runs.approve", { id: runId, stepId: "gate", isApproved: true, comment: "while you were away" }); // … the run goes on …
  await context.setOffline(true); // … and the client stays cut off for a while (its reconnects fail)
  await page.waitForTimeout(3_000);
  await context.setOffline(false);
  await expect(page.getByTestId("run-step-three")).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("run-step-gate")).toHaveAttribute("data-status", "succeeded");
  // The history on screen is the stored one: every entry exactly once, in order.
  const input = encodeURIComponent(JSON.stringify({ json: { id: runId } }));
  const stored = ((await (await page.request.get(`/api/trpc/runs.get?input=${input}`)).json()) as { result: { data: { json: { events: { seq: number }[] } } } }).result.data.json.events;
  const shown = await page.getByRole("table", { name: "History" }).locator("tbody tr td:first-child").allTextContents();
  expect(shown.map(Number)).toEqual(stored.map((e) => e.seq));
  const sse = await page.evaluate<{ open: number; error: number }>("globalThis.__sse");
  expect(sse.error, "the stream never dropped").toBeGreaterThanOrEqual(1);
  expect(sse.open, "the stream never reconnected").toBeGreaterThanOrEqual(2);
  noReload();
});
