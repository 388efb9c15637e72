import { expect, test as setup } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { ADMIN_EMAIL, AUTH_DIR, E2E_ADMIN_PASSWORD, createUser, screenshot, signIn, storageStateFor, USER_PASSWORD } from "./fixtures";

// One signed-in session per role, stored for the specs (the seeded admin, plus an operator and a viewer
// that the admin creates through the API).
setup("sign in as each role", async ({ page, browser }) => {
  mkdirSync(AUTH_DIR, { recursive: true });
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await screenshot(page, "login");
  await signIn(page, ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.context().storageState({ path: storageStateFor("admin") });

  const users = {
    admin: { email: ADMIN_EMAIL, name: "Administrator" },
    operator: await createUser(page.request, "operator", "seeded"),
    viewer: await createUser(page.request, "viewer", "seeded"),
  };
  for (const role of ["operator", "viewer"] as const) {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto("/login");
    await signIn(p, users[role].email, USER_PASSWORD);
    await expect(p.getByRole("heading", { name: /Welcome/ })).toBeVisible();
    await context.storageState({ path: storageStateFor(role) });
    await context.close();
  }
  writeFileSync(path.join(AUTH_DIR, "users.json"), JSON.stringify(users, null, 2));
});
