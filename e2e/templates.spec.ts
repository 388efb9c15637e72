import { expect, test, type Page } from "@playwright/test";
import { screenshot, storageStateFor, trpcMutation } from "./fixtures";

/**
 * A new user's first minutes: each of the five seeded templates, started from the Workflows list with the
 * start dialog's defaults (only required inputs without a default filled in), does what its description
 * says. The three-tier app is built first: its load balancer is the production blue/green switches and the
 * healthy primary the DR check probes.
 */
test.use({ storageState: storageStateFor("operator"), viewport: { width: 1440, height: 900 } });

type Step = { stepId: string; status: string; attempt: number; output: Record<string, unknown> | null; logs: string[] };
type RunData = { id: string; status: string; error: string | null; steps: Step[] };

async function query<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

const latest = (run: RunData, stepId: string) => run.steps.filter((s) => s.stepId === stepId).sort((a, b) => b.attempt - a.attempt)[0];

/** Opens the Workflows list, starts `name` from its row with the dialog's defaults plus `required`; returns the run id. */
async function startFromList(page: Page, name: string, required: Record<string, string> = {}): Promise<string> {
  await page.goto("/workflows");
  await page.getByRole("searchbox").fill(name);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) }).first();
  await row.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog");
  for (const [label, value] of Object.entries(required)) {
    const field = dialog.getByLabel(label, { exact: false });
    await expect(field, `${name}: ${label} has no default`).toHaveValue("");
    await field.fill(value);
  }
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

async function finished(page: Page, id: string, timeout = 150_000): Promise<RunData> {
  await expect.poll(async () => (await query<RunData>(page, "runs.get", { id })).status, { timeout, intervals: [1000] }).toMatch(/^(succeeded|failed|cancelled|rolled_back)$/);
  return query<RunData>(page, "runs.get", { id });
}

test("all five templates from the list, with the start dialog's defaults, do what they say", async ({ page }) => {
  test.setTimeout(420_000);
  const runIds: string[] = [];
  try {
    const threeTier = await startFromList(page, "Three-tier web app");
    runIds.push(threeTier);
    const stack = await finished(page, threeTier);
    expect(stack.status, stack.error ?? "").toBe("succeeded");
    const lb = latest(stack, "web_lb")!.output!;
    expect((await page.request.get(String(lb.url))).status()).toBe(200);

    // A healthy primary (the stack's own load balancer, a local endpoint): nothing fails over.
    const dr = await startFromList(page, "Disaster-recovery failover", { "Primary health URL": `${String(lb.url)}/health` });
    runIds.push(dr);
    const drRun = await finished(page, dr);
    expect(drRun.status, drRun.error ?? "").toBe("succeeded");
    expect(latest(drRun, "all_good")?.status).toBe("succeeded");
    expect(latest(drRun, "standby_servers")?.status).toBe("skipped");

    const dev = await startFromList(page, "Developer environment", { Developer: "e2e", "SSH from": "203.0.113.0/24" });
    const backup = await startFromList(page, "Nightly backup");
    const blueGreen = await startFromList(page, "Blue/green deploy", { "New image": "sample-web:v2", "Production load balancer": String(lb.loadBalancerId) });
    runIds.push(dev, backup, blueGreen);

    // Blue/green stops for a person: approve the switch from the run page.
    const banner = page.getByRole("region", { name: "Approval: Approve switch" });
    await expect(banner.getByRole("button", { name: "Approve", exact: true })).toBeVisible({ timeout: 120_000 });
    await expect(banner).toContainText("Without a decision by");
    await screenshot(page, "templates-blue-green-waiting");
    await banner.getByRole("button", { name: "Approve", exact: true }).click();
    await page.getByRole("dialog").getByLabel("Comment").fill("green looks good");
    await page.getByRole("dialog").getByRole("button", { name: "Approve", exact: true }).click();

    const devRun = await finished(page, dev);
    expect(devRun.status, devRun.error ?? "").toBe("succeeded");
    expect(latest(devRun, "ready")!.logs.join("\n")).toMatch(/Dev environment for e2e is ready/);

    const backupRun = await finished(page, backup);
    expect(backupRun.status, backupRun.error ?? "").toBe("succeeded");
    expect(latest(backupRun, "done")!.logs.join("\n")).toMatch(/copied 2 file\(s\) from \.\/sample-data/);

    const bg = await finished(page, blueGreen);
    expect(bg.status, bg.error ?? "").toBe("succeeded");
    // Production now serves green's release; blue (the stack's app group) is gone.
    expect(latest(bg, "switch_traffic")!.output!.previousTargets).toBe(latest(stack, "app_servers")!.output!.groupId);
    await expect.poll(async () => ((await (await page.request.get(String(lb.url))).json()) as { image: string }).image, { timeout: 20_000 }).toBe("sample-web:v2");

    await page.goto(`/runs/${blueGreen}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await screenshot(page, "templates-blue-green-done");
  } finally {
    // Tear down what the runs left standing.
    const { items } = await query<{ items: Array<{ id: string; runId: string | null; status: string }> }>(page, "resources.list", { status: "live", pageSize: 100 });
    for (const r of items.filter((x) => x.runId !== null && runIds.includes(x.runId))) await trpcMutation(page.request, "resources.teardown", { id: r.id }).catch(() => undefined);
  }
});
