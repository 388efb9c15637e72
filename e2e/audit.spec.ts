import { expect, test, type Browser, type Download, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { readFile } from "node:fs/promises";
import { createUser, screenshot, signIn, storageStateFor, trpcMutation, USER_PASSWORD } from "./fixtures";

/** A fresh admin of its own, so the rows this test looks for are not mixed with other specs' (run in parallel). */
async function signedInAs(browser: Browser, email: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto("/login");
  await signIn(page, email, USER_PASSWORD);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  return { context, page };
}

const rows = (page: Page) => page.getByTestId("audit-row");

async function downloaded(download: Download): Promise<string> {
  return readFile(await download.path(), "utf8");
}

test.describe("as admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("filters the log by actor, action, outcome and time, keeps the filters in the address, and exports them", async ({ page, browser }) => {
    // Four sessions and two downloads: more steps than most specs, on a machine that may be busy.
    test.setTimeout(120_000);
    const auditor = await createUser(page.request, "admin", "auditor");
    const operator = await createUser(page.request, "operator", "audited-op");
    const { context, page: admin } = await signedInAs(browser, auditor.email);

    // Audited actions: two that succeed, one refused as bad input (error), one denied to the operator.
    const target = await createUser(admin.request, "viewer", "audit-target");
    await trpcMutation(admin.request, "users.setRole", { id: target.id, role: "operator" });
    const bad = await admin.request.post("/api/trpc/users.create", { data: { json: { email: "not-an-email", name: "Nobody", role: "viewer" } } });
    expect(bad.status()).toBe(400);
    const opContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const opPage = await opContext.newPage();
    await opPage.goto("/login");
    await signIn(opPage, operator.email, USER_PASSWORD);
    await expect(opPage.getByRole("heading", { name: /Welcome/ })).toBeVisible();
    expect((await opPage.request.post("/api/trpc/users.setRole", { data: { json: { id: target.id, role: "admin" } } })).status()).toBe(403);
    await opContext.close();

    await admin.goto("/admin/audit");
    await expect(admin.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
    await admin.getByLabel("Actor", { exact: true }).fill(auditor.email);
    await expect(rows(admin)).toHaveCount(3);
    await admin.getByLabel("Action", { exact: true }).fill("users.create");
    await expect(rows(admin)).toHaveCount(2);
    await admin.getByLabel("Outcome", { exact: true }).selectOption("error");
    await expect(rows(admin)).toHaveCount(1);
    await expect(rows(admin).first()).toContainText("BAD_REQUEST");
    await expect(admin).toHaveURL(/[?&]outcome=error/);
    await expect(admin).toHaveURL(new RegExp(`[?&]actor=${encodeURIComponent(auditor.email).replace(/\./g, "\\.")}`));

    // The address is the view: a reload shows the same filters and rows.
    await admin.reload();
    await expect(admin.getByLabel("Outcome", { exact: true })).toHaveValue("error");
    await expect(admin.getByLabel("Actor", { exact: true })).toHaveValue(auditor.email);
    await expect(rows(admin)).toHaveCount(1);

    // Expand with the keyboard: the full record, input (redacted on the server), IP and user agent.
    await admin.getByRole("button", { name: "Show details of users.create" }).focus();
    await admin.keyboard.press("Enter");
    const detail = admin.locator("[id^=audit-detail-]");
    await expect(detail).toContainText('"email": "not-an-email"');
    await expect(detail).toContainText("BAD_REQUEST");
    await expect(detail.getByText("User agent")).toBeVisible();
    await expect(admin.getByRole("button", { name: "Hide details of users.create" })).toHaveAttribute("aria-expanded", "true");

    // Outcome success, action cleared: the two that went through.
    await admin.getByLabel("Outcome", { exact: true }).selectOption("success");
    await admin.getByLabel("Action", { exact: true }).fill("");
    await expect(rows(admin)).toHaveCount(2);
    await expect(rows(admin).nth(0)).toContainText("users.setRole");
    await expect(rows(admin).nth(1)).toContainText("users.create");

    // The operator's denied attempt, by actor and outcome; then a time range that excludes everything.
    await admin.getByLabel("Actor", { exact: true }).fill(operator.email);
    await admin.getByLabel("Outcome", { exact: true }).selectOption("denied");
    await expect(rows(admin)).toHaveCount(1);
    await expect(rows(admin).first()).toContainText("users.setRole");
    await admin.getByRole("button", { name: "Last hour" }).click();
    await expect(rows(admin)).toHaveCount(1);
    await expect(admin).toHaveURL(/[?&]from=/);
    await admin.getByLabel("To", { exact: true }).fill("2001-01-01T00:00");
    await expect(admin.getByRole("alert").filter({ hasText: "“To” must be the same as or later than “From”." })).toBeVisible();
    await expect(admin.getByRole("button", { name: "Export CSV" })).toBeDisabled();
    await screenshot(admin, "audit-log-invalid-range");
    await admin.getByRole("button", { name: "Any time" }).click();
    await expect(rows(admin)).toHaveCount(1);

    // Export what the filters show (actor = the auditor, success): every matching row, as CSV and JSON.
    await admin.getByLabel("Actor", { exact: true }).fill(auditor.email);
    await admin.getByLabel("Outcome", { exact: true }).selectOption("success");
    await expect(rows(admin)).toHaveCount(2);
    await admin.getByRole("button", { name: "Show details of users.setRole" }).click();
    await screenshot(admin, "audit-log");

    const [csvDownload] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("button", { name: "Export CSV" }).click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^stratus-audit-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/);
    const csv = parse<Record<string, string>>(await downloaded(csvDownload), { columns: true });
    expect(csv.map((r) => [r.action, r.actor_email, r.outcome])).toEqual([
      ["users.setRole", auditor.email, "success"],
      ["users.create", auditor.email, "success"],
    ]);
    expect(JSON.parse(csv[0]!.input!)).toEqual({ id: target.id, role: "operator" });
    await expect(admin.getByRole("status").filter({ hasText: "Exported 2 entries as CSV." })).toBeVisible();

    const [jsonDownload] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("button", { name: "Export JSON" }).click()]);
    expect(jsonDownload.suggestedFilename()).toMatch(/\.json$/);
    const json = JSON.parse(await downloaded(jsonDownload)) as { filters: Record<string, string>; isTruncated: boolean; rows: { id: string; action: string }[] };
    expect(json.filters).toEqual({ actor: auditor.email, outcome: "success" });
    expect(json.isTruncated).toBe(false);
    // The CSV export's own record matches these filters too, so it leads the later JSON file.
    expect(json.rows.map((r) => r.action)).toEqual(["audit.export", "users.setRole", "users.create"]);
    expect(json.rows.slice(1).map((r) => r.id)).toEqual(csv.map((r) => r.id));

    // The exports are on record too, with their filters.
    await admin.getByLabel("Action", { exact: true }).fill("audit.export");
    await expect(rows(admin)).toHaveCount(2);
    await expect(rows(admin).nth(0)).toContainText("audit.export");
    await expect(rows(admin).nth(1)).toContainText("audit.export");
    await rows(admin).first().getByRole("button").click();
    await expect(admin.locator("[id^=audit-detail-]")).toContainText('"format": "json"');
    await context.close();
  });

  test("pages through the log with a chosen page size, by keyboard too", async ({ page }) => {
    const target = await createUser(page.request, "viewer", "paged");
    for (let i = 0; i < 21; i++) await trpcMutation(page.request, "users.setRole", { id: target.id, role: i % 2 ? "viewer" : "operator" });
    await page.goto(`/admin/audit?target=${target.id}&size=10`);
    await expect(page.getByLabel("Rows per page")).toHaveValue("10");
    await expect(page.getByLabel("Target", { exact: true })).toHaveValue(target.id);
    await expect(rows(page)).toHaveCount(10);
    const pager = page.getByRole("navigation", { name: "Pagination" });
    await expect(pager).toContainText("1–10 of 22");
    await expect(pager).toContainText("Page 1 of 3");
    await pager.getByRole("button", { name: "Next" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/[?&]page=2/);
    await expect(pager).toContainText("11–20 of 22");
    await pager.getByRole("button", { name: "Last page" }).click();
    await expect(pager).toContainText("21–22 of 22");
    await expect(rows(page)).toHaveCount(2);
    await expect(rows(page).last()).toContainText("users.create");
    await page.getByLabel("Rows per page").selectOption("25");
    await expect(pager).toContainText("1–22 of 22");
    await expect(page).not.toHaveURL(/[?&]page=/);
  });
});

test.describe("as operator", () => {
  test.use({ storageState: storageStateFor("operator") });

  test("the page and the export are refused", async ({ page }) => {
    const response = await page.goto("/admin/audit");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    const res = await page.request.get("/api/audit/export?format=csv");
    expect(res.status()).toBe(403);
    expect(res.headers()["content-disposition"]).toBeUndefined();
  });
});
