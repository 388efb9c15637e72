import { expect, test } from "@playwright/test";
import { storageStateFor } from "./fixtures";

test.use({ storageState: storageStateFor("operator"), viewport: { width: 1600, height: 900 } });

type RunData = { id: string; status: string; steps: Array<{ stepId: string; status: string; output: Record<string, unknown> | null }> };

test("run the three-tier template on the local provider, reach the app through its load balancer, tear it down", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/workflows");
  await page.getByRole("searchbox").fill("Three-tier web app");
  await page.getByRole("link", { name: "Three-tier web app" }).first().click();
  await expect(page.getByTestId("designer")).toBeVisible();

  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel(/App servers/)).toHaveValue("2");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  const runId = page.url().split("/").pop()!;

  const input = encodeURIComponent(JSON.stringify({ json: { id: runId } }));
  const fetchRun = async () => ((await (await page.request.get(`/api/trpc/runs.get?input=${input}`)).json()) as { result: { data: { json: RunData } } }).result.data.json;
  await expect.poll(async () => (await fetchRun()).status, { timeout: 90_000, intervals: [1000] }).toBe("succeeded");
  const run = await fetchRun();
  // The run page refreshes itself while the run is active: it shows the last step done without a reload.
  await expect(page.getByRole("row").filter({ hasText: "Smoke test" }).first()).toContainText("Succeeded", { timeout: 10_000 });
  const lbUrl = run.steps.find((s) => s.stepId === "web_lb" && s.status === "succeeded")!.output!.url as string;
  const dbUrl = run.steps.find((s) => s.stepId === "database" && s.status === "succeeded")!.output!.url as string;

  // A real HTTP request through the real reverse proxy to a real sample-app process.
  const response = await page.request.get(lbUrl);
  expect(response.status()).toBe(200);
  expect(await response.text()).toMatch(/inst-|sample/i);

  // Tear down everything the run created; their processes stop answering.
  const list = encodeURIComponent(JSON.stringify({ json: { pageSize: 100 } }));
  const items = ((await (await page.request.get(`/api/trpc/resources.list?input=${list}`)).json()) as { result: { data: { json: { items: Array<{ id: string; runId: string | null; status: string }> } } } }).result.data.json.items;
  const mine = items.filter((r) => r.runId === runId && r.status !== "deleted");
  expect(mine.length).toBeGreaterThanOrEqual(6);
  for (const r of mine) {
    const res = await page.request.post("/api/trpc/resources.teardown", { data: { json: { id: r.id } } });
    expect(res.status(), await res.text()).toBe(200);
  }
  await expect.poll(async () => (await page.request.get(lbUrl, { timeout: 2000 }).then((r) => r.status()).catch(() => "down")), { timeout: 15_000 }).toBe("down");
  await expect.poll(async () => (await page.request.get(dbUrl, { timeout: 2000 }).then((r) => r.status()).catch(() => "down")), { timeout: 15_000 }).toBe("down");

  await page.goto("/resources");
  await expect(page.getByRole("heading", { name: "Resources", level: 1 })).toBeVisible();
});
