import { expect, test, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { screenshot, storageStateFor, trpcMutation } from "./fixtures";

// The designer is a desktop tool: palette, canvas and inspector side by side.
test.use({ storageState: storageStateFor("operator"), viewport: { width: 1600, height: 900 } });

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const handle = (page: Page, id: string, side: "left" | "right") => node(page, id).locator(`.react-flow__handle-${side}`);

async function newWorkflow(page: Page, name: string, templateId?: string) {
  const created = await trpcMutation<{ id: string }>(page.request, "workflows.create", { name, description: "", templateId });
  await page.goto(`/workflows/${created.id}`);
  await expect(page.getByTestId("designer")).toBeVisible();
  return created.id;
}

async function dropStep(page: Page, title: string, x: number, y: number) {
  await page.getByRole("button", { name: `Add ${title}` }).dragTo(page.locator(".react-flow__pane"), { targetPosition: { x, y } });
}

async function saveVersion(page: Page, message: string) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Save a new version" });
  await dialog.getByLabel("What changed (optional)").fill(message);
  await dialog.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByText(/Saved as version \d+\./)).toBeVisible();
}

test("drag three steps, connect them, fill their forms, save, and find the same graph after a reload", async ({ page }) => {
  await newWorkflow(page, `Designed ${Date.now()}`);
  await dropStep(page, "Provision instance", 80, 120);
  await dropStep(page, "HTTP health check", 330, 220);
  await dropStep(page, "Notify", 580, 120);
  await expect(page.locator(".react-flow__node")).toHaveCount(3);

  await handle(page, "provision_instance", "right").dragTo(handle(page, "http_health_check", "left"));
  await handle(page, "http_health_check", "right").dragTo(handle(page, "notify", "left"));
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  // The health check needs a URL: until it has one, the node and the problem list say so.
  await expect(node(page, "http_health_check").getByTestId("node-status")).toHaveText(/1 problem/);
  await expect(page.getByRole("list", { name: "Problem list" })).toContainText("HTTP health check");

  await node(page, "http_health_check").click();
  const url = page.getByRole("combobox", { name: /^URL/ });
  await url.fill("${{ steps.prov");
  // Autocomplete offers only upstream outputs and inputs.
  await expect(page.getByRole("option", { name: "steps.provision_instance.outputs.url" })).toBeVisible();
  await expect(page.getByRole("option", { name: /steps\.notify/ })).toHaveCount(0);
  await url.fill("${{ steps.provision_instance.outputs.url }}/health");
  await page.getByLabel(/^Expected status/).fill("204");
  await expect(node(page, "http_health_check").getByTestId("node-status")).toHaveAccessibleName("valid");

  await node(page, "notify").click();
  await page.getByLabel(/^Message/).fill("Healthy at ${{ steps.provision_instance.outputs.url }}");
  // Valid: no errors (the seeded policies may still warn, e.g. about a missing owner tag).
  await expect(page.getByRole("heading", { name: /^Problems/ })).toContainText("0 errors");

  await saveVersion(page, "three steps");
  await page.reload();
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await node(page, "http_health_check").click();
  await expect(page.getByRole("combobox", { name: /^URL/ })).toHaveValue("${{ steps.provision_instance.outputs.url }}/health");
  await expect(page.getByLabel(/^Expected status/)).toHaveValue("204");
  await page.getByRole("button", { name: "YAML code" }).click();
  await expect(page.getByTestId("code-view")).toContainText("expectedStatus: 204");
});

test("an invalid step shows its badge and a problem; clicking the problem selects it", async ({ page }) => {
  await newWorkflow(page, `Invalid ${Date.now()}`);
  await dropStep(page, "HTTP request", 200, 150);
  const badge = node(page, "http_request").getByTestId("node-status");
  await expect(badge).toHaveText(/problem/);
  await page.getByRole("button", { name: "Step settings" }).click();
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.getByRole("list", { name: "Problem list" }).getByRole("button").first().click();
  await expect(page.getByRole("heading", { name: "HTTP request" })).toBeVisible();
});

test("undo and redo, with the keyboard and the toolbar", async ({ page }) => {
  await newWorkflow(page, `Undo ${Date.now()}`);
  await dropStep(page, "Wait", 200, 150);
  await dropStep(page, "Notify", 450, 150);
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(1);
  await page.keyboard.press("Control+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(0);
  await page.keyboard.press("Control+Shift+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(1);
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.locator(".react-flow__node")).toHaveCount(1);
});

test("a connection that would make a cycle is refused with the reason", async ({ page }) => {
  await newWorkflow(page, `Cycle ${Date.now()}`);
  await dropStep(page, "Wait", 100, 150);
  await dropStep(page, "Notify", 400, 150);
  await handle(page, "wait", "right").dragTo(handle(page, "notify", "left"));
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await handle(page, "notify", "right").dragTo(handle(page, "wait", "left"));
  await expect(page.getByText(/would create a cycle/)).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
});

test("export, then import, gives an identical workflow", async ({ page }) => {
  await newWorkflow(page, `Exported ${Date.now()}`, "blue-green-deploy");
  await page.getByRole("button", { name: "YAML code" }).click();
  const original = await page.getByTestId("code-view").textContent();
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export YAML" }).click();
  const file = await readFile((await (await downloading).path()), "utf8");
  const imported = await trpcMutation<{ id: string }>(page.request, "workflows.import", { text: file, format: "yaml" });
  await page.goto(`/workflows/${imported.id}`);
  await page.getByRole("button", { name: "YAML code" }).click();
  await expect(page.getByTestId("code-view")).toHaveText(original!);
});

test("comparing two versions highlights what changed", async ({ page }) => {
  const id = await newWorkflow(page, `Compared ${Date.now()}`, "three-tier-web");
  await screenshot(page, "designer-template");
  await node(page, "smoke_test").click();
  await page.getByLabel("Name", { exact: true }).fill("Smoke test (strict)");
  await page.getByLabel(/^Retries/).fill("9");
  await saveVersion(page, "stricter smoke test");
  await page.goto(`/workflows/${id}?compare=1`);
  const changes = page.getByRole("list", { name: "Changes" });
  await expect(changes).toContainText("Changed: Smoke test (strict)");
  await expect(changes).toContainText("config.retries");
  await expect(node(page, "smoke_test")).toContainText("changed");
  await expect(page.locator(".react-flow__edge-path")).toHaveCount(8);
  await screenshot(page, "designer-compare");
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });
  test("the canvas is read-only and the server refuses writes", async ({ page, browser }) => {
    const operator = await browser.newContext({ storageState: storageStateFor("operator") });
    const created = await trpcMutation<{ id: string }>(operator.request, "workflows.create", { name: `Viewed ${Date.now()}`, description: "", templateId: "dev-environment" });
    await operator.close();
    await page.goto(`/workflows/${created.id}`);
    await expect(page.getByTestId("designer")).toBeVisible();
    await expect(page.getByText("View only")).toBeVisible();
    await expect(page.locator(".react-flow__node").first()).toBeVisible();
    await expect(page.getByRole("complementary", { name: "Step palette" })).toHaveCount(0);
    // Connections are drawn, but there are no handles to make new ones.
    await expect(page.locator(".react-flow__edge-path")).toHaveCount(3);
    await expect(page.locator(".react-flow__handle").first()).toBeHidden();
    await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
    const res = await page.request.post("/api/trpc/workflows.save", { data: { json: { id: created.id, baseVersion: 1, definition: { nodes: [] }, message: "" } } });
    expect(res.status()).toBe(403);
  });
});

test("copy, paste, multi-select and delete", async ({ page }) => {
  await newWorkflow(page, `Clipboard ${Date.now()}`);
  await dropStep(page, "Wait", 150, 150);
  await node(page, "wait").click();
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
  await expect(node(page, "wait_2")).toBeVisible();
  await node(page, "wait").click();
  await node(page, "wait_2").click({ modifiers: ["Shift"] });
  await expect(page.getByText("2 steps selected.")).toBeVisible();
  await page.keyboard.press("Delete");
  await expect(page.locator(".react-flow__node")).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
});
