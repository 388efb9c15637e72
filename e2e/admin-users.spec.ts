import { expect, test, type Page } from "@playwright/test";
import { createUser, formAlert, screenshot, seededUsers, signIn, storageStateFor, USER_PASSWORD } from "./fixtures";

test.use({ storageState: storageStateFor("admin") });

function row(page: Page, email: string) {
  return page.getByTestId(`user-row-${email}`);
}

async function findUser(page: Page, email: string) {
  await page.getByRole("searchbox", { name: "Search users" }).fill(email);
  await expect(row(page, email)).toBeVisible();
}

test("an admin creates a user, who must replace the one-time password at first sign-in", async ({ page, browser }) => {
  await page.goto("/admin/users");
  await expect(row(page, "admin@stratus.local")).toBeVisible();
  await screenshot(page, "users");

  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add user" });
  // Bad input: the field at fault is named and nothing typed is lost.
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByLabel("Name").fill("Fresh Operator");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
  await expect(dialog.getByLabel("Name")).toHaveValue("Fresh Operator");

  const email = `fresh-${Date.now()}@e2e.local`;
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption("operator");
  await dialog.getByRole("button", { name: "Create user" }).click();
  const otp = page.getByRole("dialog", { name: "One-time password" });
  const password = (await otp.getByTestId("one-time-password").textContent())!.trim();
  expect(password).toHaveLength(20);
  await otp.getByRole("button", { name: "Done" }).click();
  await findUser(page, email);
  await expect(row(page, email).getByRole("combobox")).toHaveValue("operator");

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const user = await context.newPage();
  await user.goto("/login");
  await signIn(user, email, password);
  await expect(user).toHaveURL(/\/account\/password$/);
  await user.getByLabel("Current password").fill(password);
  await user.getByLabel("New password", { exact: true }).fill("my own new password");
  await user.getByLabel("Repeat new password").fill("my own new password");
  await user.getByRole("button", { name: "Change password" }).click();
  await expect(user.getByRole("heading", { name: "Welcome, Fresh Operator" })).toBeVisible();
  await context.close();
});

test("a role change applies to the user's next request, without signing out", async ({ page, browser }) => {
  const target = await createUser(page.request, "viewer", "promoted");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const user = await context.newPage();
  await user.goto("/login");
  await signIn(user, target.email, USER_PASSWORD);
  await expect(user.getByTestId("user-role")).toHaveText("Viewer");
  expect((await user.goto("/admin/users"))?.status()).toBe(403);

  await page.goto("/admin/users");
  await findUser(page, target.email);
  await row(page, target.email).getByRole("combobox", { name: `Role of ${target.email}` }).selectOption("admin");
  await page.getByRole("dialog", { name: "Change role?" }).getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText(`${target.name} is now Admin.`)).toBeVisible();

  // Same session, no sign-out: the user now gets the admin page.
  expect((await user.goto("/admin/users"))?.status()).toBe(200);
  await expect(user.getByTestId("user-role")).toHaveText("Admin");

  // And back down: the access goes away just as fast.
  await row(page, target.email).getByRole("combobox").selectOption("viewer");
  await page.getByRole("dialog", { name: "Change role?" }).getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText(`${target.name} is now Viewer.`)).toBeVisible();
  expect((await user.goto("/admin/users"))?.status()).toBe(403);
  await context.close();
});

test("a disabled user is thrown out at once and cannot sign in again until enabled", async ({ page, browser }) => {
  const target = await createUser(page.request, "operator", "disabled");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const user = await context.newPage();
  await user.goto("/login");
  await signIn(user, target.email, USER_PASSWORD);
  await expect(user.getByRole("heading", { name: /Welcome/ })).toBeVisible();

  await page.goto("/admin/users");
  await findUser(page, target.email);
  await row(page, target.email).getByRole("button", { name: "Disable" }).click();
  await page.getByRole("dialog", { name: "Disable user?" }).getByRole("button", { name: "Disable" }).click();
  await expect(row(page, target.email).getByText("Disabled", { exact: true })).toBeVisible();

  await user.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
  await expect(user).toHaveURL(/\/login/);
  await signIn(user, target.email, USER_PASSWORD);
  await expect(formAlert(user)).toHaveText(/This account is disabled/);

  await row(page, target.email).getByRole("button", { name: "Enable" }).click();
  await page.getByRole("dialog", { name: "Enable user?" }).getByRole("button", { name: "Enable" }).click();
  await expect(row(page, target.email).getByText("Active", { exact: true })).toBeVisible();
  await signIn(user, target.email, USER_PASSWORD);
  // Back to the page they were on when they were thrown out.
  await expect(user).toHaveURL(/\/runs$/);
  await expect(user.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
  await context.close();
});

test("the audit log shows changes and denied attempts", async ({ page, browser }) => {
  const users = seededUsers();
  const viewer = await browser.newContext({ storageState: storageStateFor("viewer") });
  const denied = await viewer.request.post("/api/trpc/users.setRole", {
    data: { json: { id: "00000000-0000-4000-8000-000000000000", role: "admin" } },
  });
  expect(denied.status()).toBe(403);
  await viewer.close();

  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Outcome", { exact: true }).selectOption("denied");
  await page.getByLabel("Actor", { exact: true }).fill(users.viewer.email);
  const entry = page.getByRole("row").filter({ hasText: "users.setRole" }).first();
  await expect(entry).toBeVisible();
  await expect(entry).toContainText("denied");
  await expect(entry).toContainText("FORBIDDEN");
  await screenshot(page, "audit");
});
