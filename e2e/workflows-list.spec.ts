import { expect, test, type Page } from "@playwright/test";
import { gate, importChain, isSseOpen, startRun, TRACK_SSE } from "./chains";
import { screenshot, storageStateFor, trpcMutation } from "./fixtures";

const DESIGNER_URL = /\/workflows\/[0-9a-f-]{36}$/;
/** Opening the designer loads its editor bundle: on a loaded machine that alone can take over 10 s. */
const NAVIGATION = { timeout: 30_000 };
const unique = (prefix: string) => `${prefix} ${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;

const link = (page: Page, name: string) => page.getByRole("main").getByRole("link", { name, exact: true });
// (`has` is relative to the row, so it takes the link without the `main` scope.)
const row = (page: Page, name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });

async function find(page: Page, name: string) {
  await page.getByRole("searchbox", { name: "Search workflows" }).fill(name);
  await expect(link(page, name)).toBeVisible();
}

async function openActions(page: Page, name: string) {
  await row(page, name).getByRole("button", { name: `Actions for ${name}` }).click();
  return page.getByRole("menu");
}

/** A workflow file that parses but names an unknown step type and connects to a step that does not exist. */
const brokenYaml = (name: string) => `apiVersion: stratus/v1
kind: Workflow
name: ${name}
definition:
  nodes:
    - id: web
      type: provision-instance
      name: Web
      position: { x: 0, y: 0 }
      config: { name: web, size: small, image: sample-web }
    - id: beam_up
      type: teleport
      name: Beam up
      position: { x: 260, y: 0 }
  edges:
    - source: web
      target: nowhere
`;

test.describe("as an operator", () => {
  test.use({ storageState: storageStateFor("operator") });

  test("creates from a template, then finds, renames, duplicates, archives and restores the workflow", async ({ page }) => {
    const name = unique("Nightly copy");
    await page.goto("/workflows");
    await expect(page.getByRole("heading", { name: "Workflows" })).toBeVisible();
    await page.getByRole("button", { name: "New workflow" }).click();
    const dialog = page.getByRole("dialog", { name: "New workflow" });
    await dialog.getByRole("radio", { name: "Nightly backup" }).check();
    await expect(dialog.getByLabel("Name")).toHaveValue("Nightly backup");
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create workflow" }).click();
    await expect(page).toHaveURL(DESIGNER_URL, NAVIGATION);
    const createdUrl = page.url();

    await page.goBack();
    await find(page, name);
    await expect(row(page, name)).toContainText("v1");
    await expect(row(page, name)).toContainText("Never run");
    await screenshot(page, "workflows");

    // Rename: a refused name keeps what was typed in the other field.
    const renamed = `${name} renamed`;
    await (await openActions(page, name)).getByRole("menuitem", { name: "Rename" }).click();
    const rename = page.getByRole("dialog", { name: "Rename workflow" });
    await rename.getByLabel("Name").fill("  ");
    await rename.getByLabel("Description").fill("Backs up the nightly data");
    await rename.getByRole("button", { name: "Save" }).click();
    await expect(rename.getByText("Enter a name.")).toBeVisible();
    await expect(rename.getByLabel("Description")).toHaveValue("Backs up the nightly data");
    await rename.getByLabel("Name").fill(renamed);
    await rename.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(`Saved "${renamed}".`)).toBeVisible();
    await find(page, renamed);
    await expect(row(page, renamed)).toContainText("Backs up the nightly data");

    await (await openActions(page, renamed)).getByRole("menuitem", { name: "Duplicate" }).click();
    await expect(page).toHaveURL(DESIGNER_URL, NAVIGATION);
    expect(page.url()).not.toBe(createdUrl);
    await page.goBack();
    await find(page, `Copy of ${renamed}`);

    // Archive asks first, then the workflow leaves the Active list and shows under Archived.
    await page.getByRole("searchbox", { name: "Search workflows" }).fill(renamed);
    await (await openActions(page, renamed)).getByRole("menuitem", { name: "Archive" }).click();
    await page.getByRole("dialog", { name: "Archive workflow?" }).getByRole("button", { name: "Archive" }).click();
    await expect(page.getByText(`Archived "${renamed}".`)).toBeVisible();
    await expect(link(page, renamed)).toHaveCount(0);
    await expect(link(page, `Copy of ${renamed}`)).toBeVisible();
    await page.getByLabel("Status").selectOption("archived");
    await expect(row(page, renamed).getByText("Archived", { exact: true })).toBeVisible();
    await expect(link(page, `Copy of ${renamed}`)).toHaveCount(0);

    await (await openActions(page, renamed)).getByRole("menuitem", { name: "Restore" }).click();
    await expect(page.getByText(`Restored "${renamed}".`)).toBeVisible();
    await expect(page.getByText("No workflows match your search")).toBeVisible();
    await page.getByLabel("Status").selectOption("active");
    await expect(link(page, renamed)).toBeVisible();
    await expect(row(page, renamed).getByText("Archived", { exact: true })).toHaveCount(0);
  });

  test("the last run column shows each workflow's newest run, links to it, follows it live and sorts", async ({ page }) => {
    await page.addInitScript(TRACK_SSE);
    const prefix = unique("Last run");
    const first = await importChain(page.request, `${prefix} A`, [gate()]);
    const second = await importChain(page.request, `${prefix} B`, [gate()]);
    await page.goto("/workflows");
    await find(page, first.name);
    await expect(row(page, first.name)).toContainText("Never run");
    await page.waitForFunction(isSseOpen); // the list's live stream is open before the runs start
    let loads = 0;
    page.on("load", () => loads++);

    // B runs: its row shows the run, waiting at the gate, and links to it — without a reload.
    await page.getByRole("searchbox", { name: "Search workflows" }).fill(prefix);
    const runB = await startRun(page.request, second.id);
    const lastB = row(page, second.name).getByRole("link", { name: /^Waiting/ });
    await expect(lastB).toBeVisible({ timeout: 10_000 });
    await expect(lastB).toHaveAttribute("href", `/runs/${runB.id}`);
    // Relative time, with the exact time on hover.
    await expect(lastB.locator("time")).toHaveText(/just now|second|minute/);
    await expect(lastB.locator("time")).toHaveAttribute("title", /\d/);
    await expect(row(page, first.name)).toContainText("Never run");
    await screenshot(page, "workflows-last-run");

    // Its status changes live.
    await trpcMutation(page.request, "runs.approve", { id: runB.id, stepId: "gate", isApproved: true, comment: "" });
    await expect(row(page, second.name).getByRole("link", { name: /^Succeeded/ })).toBeVisible({ timeout: 15_000 });

    // Sorted by last run: newest first, never-run last in both directions; then A runs and leads.
    const names = () => page.getByRole("main").getByRole("row").locator("td:first-child a[href^='/workflows/']").allTextContents();
    const header = page.getByRole("columnheader", { name: "Last run" });
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await expect.poll(names).toEqual([second.name, first.name]);
    const runA = await startRun(page.request, first.id);
    await expect(row(page, first.name).getByRole("link", { name: /^Waiting/ })).toHaveAttribute("href", `/runs/${runA.id}`, { timeout: 10_000 });
    await expect.poll(names).toEqual([first.name, second.name]);
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(names).toEqual([second.name, first.name]);
    expect(loads, "the list reloaded").toBe(0);

    // On a phone the column is hidden and the status shows beside the name; nothing essential scrolls away.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(row(page, first.name).getByRole("link", { name: "Last run: Waiting" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The table itself does not scroll sideways either: the Run button and the actions menu are in view.
    expect(await page.getByRole("main").locator(".overflow-x-auto").evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
    await expect(row(page, first.name).getByRole("button", { name: `Actions for ${first.name}` })).toBeInViewport();
    await screenshot(page, "workflows-last-run-phone");
    await trpcMutation(page.request, "runs.cancel", { id: runA.id });
  });

  test("importing a broken file lists every problem by path and creates nothing", async ({ page }) => {
    const name = unique("Broken import");
    await page.goto("/workflows");
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Import" }).click();
    await (await chooser).setFiles({ name: "broken.yaml", mimeType: "application/yaml", buffer: Buffer.from(brokenYaml(name)) });

    const dialog = page.getByRole("dialog", { name: "Import failed" });
    await expect(dialog).toContainText("Nothing was imported from broken.yaml");
    const problems = dialog.getByRole("list", { name: "Problems" }).getByRole("listitem");
    await expect(problems).toHaveText([/^definition\.nodes\[1\]\.type: "teleport" is not a known step type/, /^definition\.edges\[0\]\.target: no step "nowhere"/]);
    await screenshot(page, "workflows-import-failed");
    await dialog.getByRole("button", { name: "Close" }).last().click();

    await expect(page).toHaveURL(/\/workflows$/);
    await page.getByLabel("Status").selectOption("all");
    await page.getByRole("searchbox", { name: "Search workflows" }).fill(name);
    await expect(page.getByText("No workflows match your search")).toBeVisible();
  });

  test("has no Delete action", async ({ page, browser }) => {
    const admin = await browser.newContext({ storageState: storageStateFor("admin") });
    const name = unique("Kept by operators");
    await trpcMutation(admin.request, "workflows.create", { name, description: "" });
    await admin.close();

    await page.goto("/workflows");
    await find(page, name);
    const menu = await openActions(page, name);
    await expect(menu.getByRole("menuitem", { name: "Rename" })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Delete" })).toHaveCount(0);
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("sees and opens workflows, but cannot create, import or change them", async ({ page, browser }) => {
    const admin = await browser.newContext({ storageState: storageStateFor("admin") });
    const name = unique("Read only");
    await trpcMutation(admin.request, "workflows.create", { name, description: "For viewers to look at" });
    await admin.close();

    await page.goto("/workflows");
    await find(page, name);
    await expect(row(page, name)).toContainText("For viewers to look at");
    await expect(page.getByRole("button", { name: "New workflow" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Import" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Actions for/ })).toHaveCount(0);
    await link(page, name).click();
    await expect(page).toHaveURL(DESIGNER_URL, NAVIGATION);
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("deletes a workflow after confirming", async ({ page }) => {
    const name = unique("To delete");
    await trpcMutation(page.request, "workflows.create", { name, description: "" });
    await page.goto("/workflows");
    await find(page, name);

    await (await openActions(page, name)).getByRole("menuitem", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete workflow?" });
    await expect(confirm).toContainText(`Delete ${name} and all its versions? This cannot be undone.`);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(link(page, name)).toBeVisible();

    await (await openActions(page, name)).getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete workflow?" }).getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText(`Deleted "${name}".`)).toBeVisible();
    await expect(page.getByText("No workflows match your search")).toBeVisible();
  });
});
