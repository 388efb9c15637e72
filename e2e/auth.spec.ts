import { expect, test } from "@playwright/test";
import { createUser, formAlert, signIn, storageStateFor, USER_PASSWORD } from "./fixtures";

test("an anonymous visitor is sent to sign in, then back to the page asked for", async ({ page, browser }) => {
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const user = await createUser(admin.request, "viewer", "redirect");
  await admin.close();

  await page.goto("/runs?tab=recent");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fruns%3Ftab%3Drecent$/);
  await signIn(page, user.email, USER_PASSWORD);
  await expect(page).toHaveURL(/\/runs\?tab=recent$/);
  await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
});

test("a wrong password and an unknown e-mail get the same message", async ({ page }) => {
  await page.goto("/login");
  await signIn(page, "admin@stratus.local", "not the password");
  await expect(formAlert(page)).toHaveText("Invalid email or password.");
  await signIn(page, "nobody@e2e.local", "not the password");
  await expect(formAlert(page)).toHaveText("Invalid email or password.");
});

test("ten failed attempts lock the account with a clear message", async ({ page, browser }) => {
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const user = await createUser(admin.request, "operator", "lockout");
  await admin.close();

  await page.goto("/login");
  for (let i = 0; i < 10; i++) {
    await signIn(page, user.email, `wrong password ${i}`);
    await expect(formAlert(page)).toHaveText("Invalid email or password.");
  }
  // The right password is refused now.
  await signIn(page, user.email, USER_PASSWORD);
  await expect(formAlert(page)).toHaveText(/Too many failed sign-in attempts\. Try again in 15 minutes\./);
  await expect(page).toHaveURL(/\/login/);
});

test("signing out ends the session", async ({ page, browser }) => {
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const user = await createUser(admin.request, "viewer", "signout");
  await admin.close();

  await page.goto("/login");
  await signIn(page, user.email, USER_PASSWORD);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2F$/);
});
