import { expect, test, type Page } from "@playwright/test";
import { screenshot, storageStateFor } from "./fixtures";

/** Bodies of every response the page receives (documents, RSC payloads, tRPC), to search for leaks. */
function recordResponses(page: Page): () => Promise<string> {
  const bodies: Promise<string>[] = [];
  page.on("response", (response) => {
    bodies.push(response.text().catch(() => ""));
  });
  return async () => (await Promise.all(bodies)).join("\n");
}

test.describe("as admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("adds a simulated AWS account whose secret is stored but never shown or sent back", async ({ page }) => {
    const name = `aws-e2e-${Date.now()}`;
    const accessKeyId = `AKIAE2E${Date.now()}`;
    const secretAccessKey = `e2e-secret-${Math.random().toString(36).slice(2)}-do-not-leak`;
    const allResponses = recordResponses(page);

    await page.goto("/admin/providers");
    await expect(page.getByRole("heading", { name: "Provider accounts", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Add account" }).click();
    const dialog = page.getByRole("dialog", { name: "Add provider account" });
    await dialog.getByLabel("Provider").selectOption("aws-sim");
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Default region").fill("us-east-1");
    await expect(dialog.getByLabel("Secret access key")).toHaveAttribute("type", "password");
    await dialog.getByLabel("Access key ID").fill(accessKeyId);
    await dialog.getByLabel("Secret access key").fill(secretAccessKey);
    await dialog.getByRole("button", { name: "Add account" }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByTestId(`account-row-${name}`);
    await expect(row).toContainText("Simulated");
    await expect(row).toContainText("us-east-1");
    await expect(row.getByText("Secret set")).toBeVisible();
    await screenshot(page, "provider-accounts");

    // Editing never pre-fills a secret; leaving the fields empty keeps it.
    await row.getByRole("button", { name: `Edit ${name}` }).click();
    const edit = page.getByRole("dialog", { name: "Edit provider account" });
    await expect(edit.getByLabel("Access key ID", { exact: true })).toHaveValue("");
    await expect(edit.getByLabel("Secret access key", { exact: true })).toHaveValue("");
    await expect(edit.getByText("Leave empty to keep the stored secret.").first()).toBeVisible();
    await edit.getByLabel("Default region").fill("eu-west-1");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText("eu-west-1");
    await expect(row.getByText("Secret set")).toBeVisible();

    // A fresh load of the page, and the API itself, carry no trace of the secret.
    await page.reload();
    await expect(row.getByText("Secret set")).toBeVisible();
    const html = await page.content();
    const list = await page.request.get(`/api/trpc/providerAccounts.list?input=${encodeURIComponent(JSON.stringify({ json: undefined }))}`);
    expect(list.status()).toBe(200);
    const everything = `${html}\n${await list.text()}\n${await allResponses()}`;
    expect(everything).toContain(name);
    expect(everything).not.toContain(secretAccessKey);
    expect(everything).not.toContain(accessKeyId);

    // Deleting asks first.
    await row.getByRole("button", { name: `Delete ${name}` }).click();
    await page.getByRole("dialog", { name: "Delete provider account?" }).getByRole("button", { name: "Delete account" }).click();
    await expect(page.getByText(`${name} is deleted.`)).toBeVisible();
    await expect(row).toHaveCount(0);
  });

  test("the admin menu links to provider accounts", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Provider accounts" }).click();
    await expect(page).toHaveURL(/\/admin\/providers$/);
  });
});

test.describe("as operator", () => {
  test.use({ storageState: storageStateFor("operator") });

  test("gets a 403 page, no menu entry, and a 403 from the API", async ({ page }) => {
    const response = await page.goto("/admin/providers");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Provider accounts" })).toHaveCount(0);
    const api = await page.request.get(`/api/trpc/providerAccounts.list?input=${encodeURIComponent(JSON.stringify({ json: undefined }))}`);
    expect(api.status()).toBe(403);
  });
});
