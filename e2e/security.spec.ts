import { expect, test, type APIResponse, type Browser, type Page } from "@playwright/test";
import { screenshot, storageStateFor, trpcMutation, type E2eRole } from "./fixtures";

/**
 * Security headers on every page, and the pages working under the Content-Security-Policy: a visit to each
 * main page as admin must not cause a single CSP violation.
 */

type Csp = { header: string; nonce: string; directives: Map<string, string[]> };

function readCsp(response: APIResponse): Csp {
  const header = response.headers()["content-security-policy"] ?? "";
  const directives = new Map(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(directives.get("script-src")?.join(" ") ?? "")?.[1] ?? "";
  return { header, nonce, directives };
}

async function requestAs(browser: Browser, role: E2eRole | "anonymous") {
  const context = await browser.newContext(role === "anonymous" ? {} : { storageState: storageStateFor(role) });
  return { request: context.request, close: () => context.close() };
}

test.describe("security headers", () => {
  // Pages of every kind: sign-in (no session), app pages, an admin page, a 404 and a 403 page.
  const PAGES: { role: E2eRole | "anonymous"; path: string; status: number }[] = [
    { role: "anonymous", path: "/login", status: 200 },
    { role: "admin", path: "/", status: 200 },
    { role: "admin", path: "/workflows", status: 200 },
    { role: "admin", path: "/admin/network", status: 200 },
    { role: "admin", path: "/no-such-page", status: 404 },
    { role: "viewer", path: "/admin/users", status: 403 },
  ];

  for (const { role, path, status } of PAGES) {
    test(`${path} as ${role}: CSP with a fresh nonce on its scripts, frame-ancestors 'none', nosniff, referrer policy`, async ({ browser }) => {
      const { request, close } = await requestAs(browser, role);
      try {
        const first = await request.get(path, { maxRedirects: 0 });
        const second = await request.get(path, { maxRedirects: 0 });
        expect(first.status()).toBe(status);
        const csp = readCsp(first);
        expect(csp.nonce.length, csp.header).toBeGreaterThanOrEqual(16);
        expect(readCsp(second).nonce).not.toBe(csp.nonce);
        expect(csp.directives.get("default-src")).toEqual(["'self'"]);
        expect(csp.directives.get("script-src")).toEqual(["'self'", `'nonce-${csp.nonce}'`, "'strict-dynamic'"]);
        expect(csp.directives.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
        expect(csp.directives.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
        expect(csp.directives.get("connect-src")).toEqual(["'self'"]);
        expect(csp.directives.get("font-src")).toEqual(["'self'"]);
        expect(csp.directives.get("object-src")).toEqual(["'none'"]);
        expect(csp.directives.get("base-uri")).toEqual(["'self'"]);
        expect(csp.directives.get("form-action")).toEqual(["'self'"]);
        expect(csp.directives.get("frame-ancestors")).toEqual(["'none'"]);
        const headers = first.headers();
        expect(headers["x-content-type-options"]).toBe("nosniff");
        expect(headers["referrer-policy"]).toBe("same-origin");
        expect(headers["x-frame-options"]).toBe("DENY");
        // Every script of the page carries this response's nonce (else the browser would block it).
        const html = await first.text();
        const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag).toContain(`nonce="${csp.nonce}"`);
      } finally {
        await close();
      }
    });
  }

  test("a redirect to the sign-in page and API answers carry a policy too", async ({ browser }) => {
    const { request, close } = await requestAs(browser, "anonymous");
    try {
      const redirect = await request.get("/workflows", { maxRedirects: 0 });
      expect(redirect.status()).toBe(307);
      expect(readCsp(redirect).directives.get("frame-ancestors")).toEqual(["'none'"]);
      const api = await request.get("/api/health");
      expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    } finally {
      await close();
    }
  });
});

/** Records CSP violations (DOM events and console reports) from the first script of every document on. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) fromConsole.push(`console: ${message.text()}`);
  });
  // Added by Playwright through the DevTools protocol, so the page's own policy does not block it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
  });
  return async () => {
    const fromEvents = await page.evaluate(() => ((window as unknown as { __csp?: string[] }).__csp ?? []).splice(0));
    return [...fromConsole.splice(0), ...fromEvents];
  };
}

test.describe("pages work under the policy", () => {
  test.use({ storageState: storageStateFor("admin"), viewport: { width: 1500, height: 950 } });

  test("visiting the main pages as admin causes no CSP violation", async ({ page }) => {
    test.setTimeout(120_000);
    const violations: string[] = [];
    const collect = await watchCsp(page);
    const visit = async (path: string, ready: () => Promise<void>) => {
      await page.goto(path);
      await ready();
      violations.push(...(await collect()).map((v) => `${path}: ${v}`));
    };

    // A run to look at (one quick step) and a big workflow, so that auto-layout uses its Web Worker.
    const text = JSON.stringify({
      apiVersion: "stratus/v1",
      kind: "Workflow",
      name: `CSP ${Date.now()}`,
      description: "",
      definition: { inputs: [], onFailure: "stop", nodes: [{ id: "say", type: "notify", name: "Say", config: { channel: "log", message: "hello" }, onError: "fail", position: { x: 0, y: 0 } }], edges: [] },
    });
    const wf = await trpcMutation<{ id: string }>(page.request, "workflows.import", { text, format: "json" });
    const run = await trpcMutation<{ id: string }>(page.request, "runs.start", { workflowId: wf.id, inputs: {} });
    const nodes = Array.from({ length: 160 }, (_, i) => ({ id: `w${i}`, type: "wait", name: `Wait ${i}`, config: { seconds: 1 }, onError: "fail", position: { x: 0, y: 0 } }));
    const edges = nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id, on: "success" }));
    const big = await trpcMutation<{ id: string }>(page.request, "workflows.import", {
      text: JSON.stringify({ apiVersion: "stratus/v1", kind: "Workflow", name: `CSP big ${Date.now()}`, description: "", definition: { inputs: [], onFailure: "stop", nodes, edges } }),
      format: "json",
    });

    await visit("/", async () => {
      await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
      await expect(page.locator(".recharts-surface").first()).toBeVisible({ timeout: 30_000 });
    });
    await visit(`/workflows/${wf.id}`, async () => {
      await expect(page.locator(".react-flow__node")).toHaveCount(1);
    });
    await visit(`/workflows/${big.id}`, async () => {
      await expect(page.locator(".react-flow__node").first()).toBeVisible();
      const first = await page.locator('.react-flow__node[data-id="w1"]').evaluate((el) => el.style.transform);
      await page.getByRole("button", { name: "Auto-layout" }).click();
      // The worker laid the chain out left to right: the second node moved.
      await expect.poll(() => page.locator('.react-flow__node[data-id="w1"]').evaluate((el) => el.style.transform)).not.toBe(first);
    });
    await visit(`/runs/${run.id}`, async () => {
      await expect(page.locator(".react-flow__node")).toHaveCount(1);
      await expect(page.getByText("Succeeded").first()).toBeVisible();
    });
    for (const [path, heading] of [
      ["/workflows", "Workflows"],
      ["/runs", "Runs"],
      ["/resources", "Resources"],
      ["/policies", "Policies"],
      ["/admin/users", "Users"],
      ["/admin/providers", "Provider accounts"],
      ["/admin/network", "Network"],
      ["/admin/audit", "Audit log"],
    ] as const) {
      await visit(path, () => expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible());
    }
    await visit("/no-such-page", () => expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible());
    await page.context().clearCookies();
    await visit("/login", () => expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible());
    expect(violations).toEqual([]);
  });
});

test.describe("Admin → Network", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("an admin allows a block, sees why a bad pattern is refused, and removes the entry after confirming", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Network" }).click();
    await expect(page.getByRole("heading", { name: "Network", level: 1 })).toBeVisible();
    const block = `10.${Math.floor(Math.random() * 250)}.0.0/16`;

    await page.getByRole("button", { name: "Allow a destination" }).click();
    const dialog = page.getByRole("dialog", { name: "Allow a destination" });
    await dialog.getByLabel("Host name, IP address or CIDR block").fill("10.1.2.3/8");
    await dialog.getByRole("button", { name: "Allow" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("10.1.2.3/8 has host bits set; did you mean 10.0.0.0/8?");
    await screenshot(page, "admin-network-refused");
    await dialog.getByLabel("Host name, IP address or CIDR block").fill(block);
    await dialog.getByLabel("Note").fill("Lab network for e2e");
    await dialog.getByRole("button", { name: "Allow" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: block });
    await expect(row).toContainText("Lab network for e2e");
    await screenshot(page, "admin-network");

    await row.getByRole("button", { name: `Remove ${block}` }).click();
    const confirm = page.getByRole("dialog", { name: "Stop allowing this destination?" });
    await confirm.getByRole("button", { name: "Remove" }).click();
    await expect(row).toHaveCount(0);
  });

  test("the page and its menu entry are for admins only", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor("operator") });
    const page = await context.newPage();
    try {
      expect((await page.goto("/admin/network"))?.status()).toBe(403);
      await page.goto("/");
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Network" })).toHaveCount(0);
    } finally {
      await context.close();
    }
  });
});

test.describe("a credential secret in the admin pages", () => {
  test.use({ storageState: storageStateFor("admin") });

  // The API, logs, audit rows and job payloads are checked in server/security/canary.int.test.ts.
  test("never appears in the providers page: its HTML, its RSC payload, or the rendered page and edit dialog", async ({ page }) => {
    const canary = `canary-${crypto.randomUUID()}`;
    const name = `Canary ${Date.now()}`;
    const account = await trpcMutation<{ id: string }>(page.request, "providerAccounts.create", {
      provider: "aws-sim",
      name,
      defaults: { region: "us-east-1" },
      secrets: { accessKeyId: "AKIACANARY", secretAccessKey: canary },
    });
    try {
      const html = await page.request.get("/admin/providers");
      expect(html.status()).toBe(200);
      expect(await html.text()).not.toContain(canary);
      const rsc = await page.request.get("/admin/providers", { headers: { RSC: "1" } });
      expect(await rsc.text()).not.toContain(canary);

      await page.goto("/admin/providers");
      const row = page.getByTestId(`account-row-${name}`);
      await expect(row).toContainText("Secret set");
      await row.getByRole("button", { name: `Edit ${name}` }).click();
      await expect(page.getByRole("dialog", { name: "Edit provider account" })).toBeVisible();
      expect(await page.content()).not.toContain(canary);
      const values = await page.locator("input, textarea").evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
      expect(values.join("\n")).not.toContain(canary);
    } finally {
      await trpcMutation(page.request, "providerAccounts.delete", { id: account.id });
    }
  });
});
