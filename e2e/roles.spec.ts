import { expect, test } from "@playwright/test";
import { screenshot, storageStateFor, type E2eRole } from "./fixtures";

const MAIN_NAV = ["Dashboard", "Workflows", "Runs", "Resources", "Policies"];
const ADMIN_NAV = ["Users", "Audit log"];
const ROLE_LABEL: Record<E2eRole, string> = { admin: "Admin", operator: "Operator", viewer: "Viewer" };

for (const role of ["admin", "operator", "viewer"] as const) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storageStateFor(role) });

    test("sees the sections the role may see, and its role in the user menu", async ({ page }) => {
      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const label of MAIN_NAV) await expect(nav.getByRole("link", { name: label })).toBeVisible();
      for (const label of ADMIN_NAV) {
        if (role === "admin") await expect(nav.getByRole("link", { name: label })).toBeVisible();
        else await expect(nav.getByRole("link", { name: label })).toHaveCount(0);
      }
      await expect(page.getByTestId("user-role")).toHaveText(ROLE_LABEL[role]);
      await page.getByRole("button", { name: /Account menu/ }).click();
      await expect(page.getByRole("menu").getByText(ROLE_LABEL[role], { exact: true })).toBeVisible();
      if (role === "admin") await screenshot(page, "shell-admin");
      await page.keyboard.press("Escape");

      await nav.getByRole("link", { name: "Workflows" }).click();
      await expect(page.getByRole("heading", { name: "Workflows", level: 1 })).toBeVisible();
      await nav.getByRole("link", { name: "Policies" }).click();
      await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
    });

    test("admin pages answer according to the role, from the server", async ({ page }) => {
      for (const path of ["/admin/users", "/admin/audit"]) {
        const response = await page.goto(path);
        if (role === "admin") {
          expect(response?.status()).toBe(200);
        } else {
          expect(response?.status()).toBe(403);
          await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
        }
      }
    });

    test("the API enforces the same rules", async ({ page }) => {
      await page.goto("/");
      const res = await page.request.get(`/api/trpc/users.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
      expect(res.status()).toBe(role === "admin" ? 200 : 403);
    });
  });
}

test.describe("on a phone-sized screen", () => {
  test.use({ storageState: storageStateFor("operator"), viewport: { width: 390, height: 800 } });
  test("the sidebar opens from the menu button", async ({ page }) => {
    await page.goto("/");
    const openMenu = page.getByRole("button", { name: "Open menu" });
    await expect(openMenu).toBeVisible();
    await openMenu.click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
    await expect(page).toHaveURL(/\/runs$/);
    await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
  });
});
