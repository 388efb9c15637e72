import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { gate, importChain, isSseOpen, startRun, TRACK_SSE } from "./chains";
import { screenshot, storageStateFor, trpcMutation } from "./fixtures";

test.use({ storageState: storageStateFor("operator"), viewport: { width: 1600, height: 1000 } });

type Run = { id: string; status: string; createdAt: string; startedAt: string | null; finishedAt: string | null };
type Resource = { id: string; type: string; status: string; runId: string | null; costPerHour: number; provider: string };
const FINAL = new Set(["succeeded", "failed", "cancelled", "rolled_back"]);

async function query<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const res = await request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.status(), `${procedure}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** Every run created since `since` (runs.list is newest first). */
async function runsSince(request: APIRequestContext, since: number): Promise<Run[]> {
  const out: Run[] = [];
  for (let page = 1; ; page++) {
    const { items } = await query<{ items: Run[] }>(request, "runs.list", { page, pageSize: 100 });
    out.push(...items);
    if (items.length < 100 || new Date(items[items.length - 1]!.createdAt).getTime() < since) return out;
  }
}

/** percentile_cont, as the server computes it. */
function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = 0.95 * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (rank - low);
}

/** What the KPI cards should show for the default range (1 h), computed from the API. */
async function expectedKpis(request: APIRequestContext) {
  const now = new Date();
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const hourAgo = now.getTime() - 3_600_000;
  const runs = await runsSince(request, Math.min(midnight, hourAgo));
  const ended = runs.filter((r) => FINAL.has(r.status) && r.finishedAt && new Date(r.finishedAt).getTime() >= hourAgo);
  const { items } = await query<{ items: Resource[] }>(request, "resources.list", { status: "live", pageSize: 100 });
  return {
    runsToday: runs.filter((r) => new Date(r.createdAt).getTime() >= midnight).length,
    successRate: ended.length ? ended.filter((r) => r.status === "succeeded").length / ended.length : null,
    p95RunMs: p95(ended.filter((r) => r.startedAt).map((r) => new Date(r.finishedAt!).getTime() - new Date(r.startedAt!).getTime())),
    activeResources: items.length,
    monthlyCost: Math.round(items.reduce((sum, r) => sum + r.costPerHour, 0) * 730 * 100) / 100,
  };
}

const kpi = async (page: Page, label: string) => {
  const raw = await page.getByRole("group", { name: label }).locator("[data-value]").getAttribute("data-value");
  return raw === "" || raw === null ? null : Number(raw);
};

test("the dashboard's KPIs match the database, update live, and a local group's CPU chart gains points under load", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "1 h" })).toHaveAttribute("aria-pressed", "true");

  // Other specs start runs meanwhile: compare until one reading of both sides agrees.
  await expect(async () => {
    const expected = await expectedKpis(page.request);
    expect(await kpi(page, "Runs today")).toBe(expected.runsToday);
    expect(await kpi(page, "Active resources")).toBe(expected.activeResources);
    expect(await kpi(page, "Est. monthly cost")).toBeCloseTo(expected.monthlyCost, 2);
    const rate = await kpi(page, "Success rate");
    if (expected.successRate === null) expect(rate).toBeNull();
    else expect(rate).toBeCloseTo(expected.successRate, 6);
    const p = await kpi(page, "p95 run duration");
    if (expected.p95RunMs === null) expect(p).toBeNull();
    else expect(Math.abs(p! - expected.p95RunMs)).toBeLessThan(5);
  }).toPass({ timeout: 30_000, intervals: [1_000] });
  const runsBefore = (await kpi(page, "Runs today"))!;

  // Start the three-tier template on the local provider; the page is not reloaded from here on.
  const { items: workflows } = await query<{ items: { id: string; name: string }[] }>(page.request, "workflows.list", { search: "Three-tier web app", pageSize: 5 });
  const workflow = workflows.find((w) => w.name === "Three-tier web app")!;
  const started = await page.request.post("/api/trpc/runs.start", { data: { json: { workflowId: workflow.id, inputs: { app_image: "sample-web", instance_count: 2 } } } });
  expect(started.status(), await started.text()).toBe(200);
  const runId = ((await started.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
  await expect.poll(async () => kpi(page, "Runs today"), { timeout: 15_000 }).toBeGreaterThan(runsBefore); // live, over SSE

  type RunData = { status: string; steps: { stepId: string; status: string; output: Record<string, unknown> | null }[] };
  await expect.poll(async () => (await query<RunData>(page.request, "runs.get", { id: runId })).status, { timeout: 120_000, intervals: [1_000] }).toBe("succeeded");
  const run = await query<RunData>(page.request, "runs.get", { id: runId });
  const lbUrl = run.steps.find((s) => s.stepId === "web_lb" && s.status === "succeeded")!.output!.url as string;
  const { items: resources } = await query<{ items: Resource[] }>(page.request, "resources.list", { status: "live", pageSize: 100 });
  const mine = resources.filter((r) => r.runId === runId);
  const group = mine.find((r) => r.type === "compute.group")!;

  try {
    // Chart only this run's group: pick it, unpick the rest.
    const picker = page.getByRole("group", { name: "Resources to chart" });
    await expect(picker.locator(`button[value="${group.id}"]`)).toBeVisible({ timeout: 30_000 });
    if ((await picker.locator(`button[value="${group.id}"]`).getAttribute("aria-pressed")) !== "true") await picker.locator(`button[value="${group.id}"]`).click();
    for (const other of await picker.locator(`button[aria-pressed="true"]:not([value="${group.id}"])`).all()) await other.click();
    await expect(picker.locator('button[aria-pressed="true"]')).toHaveCount(1);

    const cpu = page.getByTestId("chart-cpu");
    const pointsBefore = Number((await cpu.getAttribute("data-points")) ?? 0);
    // Traffic through the real load balancer to the group's processes while the sampler (every 10 s) records.
    let isSending = true;
    const traffic = (async () => {
      while (isSending) await Promise.all(Array.from({ length: 8 }, () => page.request.get(lbUrl, { timeout: 5_000 }).catch(() => null)));
    })();
    await expect.poll(async () => Number((await cpu.getAttribute("data-points")) ?? 0), { timeout: 60_000, intervals: [1_000] }).toBeGreaterThanOrEqual(pointsBefore + 2);
    isSending = false;
    await traffic;
    await expect(cpu.locator(".recharts-line path.recharts-curve")).toHaveCount(1);
    await screenshot(page, "dashboard");
  } finally {
    for (const r of mine) await page.request.post("/api/trpc/resources.teardown", { data: { json: { id: r.id } } });
  }
});

test("a run waiting at an operator's approval shows in the operator's panel, live, and links to the run", async ({ page, browser }) => {
  await page.addInitScript(TRACK_SSE);
  const suffix = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  // One gate operators may decide, one only admins may: the operator's panel lists the first only.
  const mine = await importChain(page.request, `Ship web ${suffix}`, [gate("operator", `Ship it ${suffix}`)]);
  const admins = await importChain(page.request, `Admin only ${suffix}`, [gate("admin", `Sign-off ${suffix}`)]);
  await page.goto("/");
  const panel = page.getByRole("region", { name: "Waiting for your approval" });
  await expect(panel).toBeVisible();
  await page.waitForFunction(isSseOpen); // the dashboard's live stream is open before the runs start
  let loads = 0;
  page.on("load", () => loads++);

  const adminRun = await startRun(page.request, admins.id);
  const run = await startRun(page.request, mine.id);
  const entryLink = page.getByRole("link", { name: `Ship it ${suffix} in ${mine.name}` });
  const entry = panel.locator(entryLink);
  await expect(entry).toBeVisible({ timeout: 15_000 });
  await expect(entry).toHaveAttribute("href", `/runs/${run.id}`);
  await expect(panel.getByRole("listitem").filter({ has: entryLink })).toContainText(/waiting since (just now|\d+ (second|minute)s? ago)/);
  await expect(panel.getByText(`Sign-off ${suffix}`)).toHaveCount(0);
  expect(loads, "the dashboard reloaded").toBe(0);
  await screenshot(page, "dashboard-approvals");

  // The runs list's filter shows the same runs, marked; the admin-only one is not among them.
  await panel.getByRole("link", { name: /in Runs$/ }).click();
  await expect(page).toHaveURL(/\/runs\?awaiting=me$/);
  await expect(page.getByRole("button", { name: "Needs my approval" })).toHaveAttribute("aria-pressed", "true");
  const listed = page.getByRole("row").filter({ hasText: mine.name });
  await expect(listed).toContainText("Needs your approval");
  await expect(page.getByRole("row").filter({ hasText: admins.name })).toHaveCount(0);
  await screenshot(page, "runs-needs-my-approval");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(listed.getByRole("link", { name: new RegExp(`^Run ${run.id.slice(0, 8)}`) })).toBeVisible();
  await screenshot(page, "runs-needs-my-approval-phone");
  await page.setViewportSize({ width: 1600, height: 1000 });
  // Without the filter, the admin-only run is listed but not marked for an operator.
  await page.getByRole("button", { name: "Needs my approval" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole("row").filter({ hasText: admins.name })).not.toContainText("Needs your approval");

  // The entry opens the run; decided there (or anywhere), it leaves the panel live.
  await page.goto("/");
  await page.waitForFunction(isSseOpen);
  await entry.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${run.id}$`));
  await page.goBack();
  await expect(entry).toBeVisible();
  await page.waitForFunction(isSseOpen);
  await trpcMutation(page.request, "runs.approve", { id: run.id, stepId: "gate", isApproved: true, comment: "" });
  await expect(entry).toHaveCount(0, { timeout: 15_000 });

  // The admin sees the admin-only approval; a viewer has no panel at all.
  const admin = await browser.newContext({ storageState: storageStateFor("admin"), viewport: { width: 390, height: 844 } });
  const adminPage = await admin.newPage();
  await adminPage.goto("/");
  await expect(adminPage.getByRole("region", { name: "Waiting for your approval" }).getByRole("link", { name: `Sign-off ${suffix} in ${admins.name}` })).toBeVisible();
  expect(await adminPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(adminPage, "dashboard-approvals-phone");
  await trpcMutation(adminPage.request, "runs.cancel", { id: adminRun.id });
  await admin.close();
  const viewer = await browser.newContext({ storageState: storageStateFor("viewer") });
  const viewerPage = await viewer.newPage();
  await viewerPage.goto("/");
  await expect(viewerPage.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(viewerPage.getByRole("group", { name: "Runs today" })).toBeVisible();
  await expect(viewerPage.getByRole("region", { name: "Waiting for your approval" })).toHaveCount(0);
  await viewer.close();
});
