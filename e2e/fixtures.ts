import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const ADMIN_EMAIL = "admin@stratus.local";
export const E2E_ADMIN_PASSWORD = "e2e-admin-password-123";
export const USER_PASSWORD = "e2e-user-password-123";
export const AUTH_DIR = path.join(import.meta.dirname, ".auth");
export const SCREENSHOT_DIR = path.join(process.cwd(), "test-reports", "screenshots");
export type E2eRole = "admin" | "operator" | "viewer";

export const storageStateFor = (role: E2eRole) => path.join(AUTH_DIR, `${role}.json`);
export const seededUsers = () =>
  JSON.parse(readFileSync(path.join(AUTH_DIR, "users.json"), "utf8")) as Record<E2eRole, { email: string; name: string }>;

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the real form. */
export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Calls a tRPC mutation with the cookies of `request` (an admin's), the way the browser does. */
export async function trpcMutation<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const res = await request.post(`/api/trpc/${procedure}`, { data: { json: input } });
  expect(res.status(), `${procedure}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** Creates a user (with a known password) as the admin whose session `request` carries. */
export async function createUser(request: APIRequestContext, role: E2eRole, prefix: string) {
  const email = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@e2e.local`;
  const name = `${prefix[0]!.toUpperCase()}${prefix.slice(1)} ${role}`;
  const created = await trpcMutation<{ user: { id: string; email: string } }>(request, "users.create", {
    email,
    name,
    role,
    password: USER_PASSWORD,
  });
  return { id: created.user.id, email, name };
}

/** The form's own alert (Next's route announcer is an alert too, outside <main>). */
export const formAlert = (page: Page) => page.getByRole("main").getByRole("alert");
