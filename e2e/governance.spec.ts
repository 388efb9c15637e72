import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { readFile } from "node:fs/promises";
import { screenshot, storageStateFor, trpcMutation } from "./fixtures";

// Issue 6 item 8: policies on the canvas, at the start of a run and before a step, and their audit trail.
// The specs change global policies, so they run one after the other and put everything back at the end.
test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1600, height: 900 } });

type PolicyRow = { id: string; name: string; isEnabled: boolean };
type RunData = { id: string; status: string; steps: Array<{ stepId: string; status: string }> };

/** What the first two specs did, for the third to find in the audit log (serial: one worker, in order). */
const done: { relaxedPolicyId?: string; deniedWorkflowId?: string; createdPolicyId?: string; approvedRunId?: string } = {};

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

async function asRole(browser: Browser, role: "admin" | "operator") {
  const context = await browser.newContext({ storageState: storageStateFor(role), viewport: { width: 1600, height: 900 } });
  return { context, page: await context.newPage() };
}

async function trpcQuery<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const res = await request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.status(), `${procedure}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function policyNamed(request: APIRequestContext, name: string) {
  const list = await trpcQuery<PolicyRow[]>(request, "policies.list", null);
  const found = list.find((p) => p.name === name);
  expect(found, `seeded policy "${name}"`).toBeDefined();
  return found!;
}

/** A new workflow with one storage bucket (a unique resource name), opened in the designer. */
async function workflowWithBucket(page: Page, name: string) {
  const created = await trpcMutation<{ id: string }>(page.request, "workflows.create", { name, description: "" });
  await page.goto(`/workflows/${created.id}`);
  await expect(page.getByTestId("designer")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Add Storage bucket" }).dragTo(page.locator(".react-flow__pane"), { targetPosition: { x: 300, y: 200 } });
  await expect(node(page, "bucket")).toBeVisible();
  await node(page, "bucket").click();
  await page.locator("#cfg-bucket-name").fill(`gov-${Date.now().toString(36)}`);
  return created.id;
}

async function saveVersion(page: Page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("dialog", { name: "Save a new version" }).getByRole("button", { name: "Save version" }).click();
  await expect(page.getByText(/Saved as version \d+\./)).toBeVisible();
}

async function startFromDesigner(page: Page) {
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

const runStatus = async (request: APIRequestContext, id: string) => (await trpcQuery<RunData>(request, "runs.get", { id })).status;

test("a public bucket is denied on the canvas and at start; once an admin disables the policy the run succeeds", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await asRole(browser, "admin");
  const operator = await asRole(browser, "operator");
  const policy = await policyNamed(admin.page.request, "No public buckets");
  done.relaxedPolicyId = policy.id;
  try {
    const { page } = operator;
    const workflowId = await workflowWithBucket(page, `Public bucket ${Date.now()}`);
    done.deniedWorkflowId = workflowId;
    const badge = node(page, "bucket").getByTestId("policy-badge");
    // Private bucket: no deny (the owner-tag policy may warn).
    await expect(node(page, "bucket").locator('[data-outcome="deny"]')).toHaveCount(0);
    await page.getByLabel("Public access").check();
    await expect(badge).toHaveAttribute("data-outcome", "deny");
    await expect(page.getByRole("list", { name: "Problem list" })).toContainText("Public buckets are not allowed");
    await expect(page.getByRole("complementary", { name: "Details" }).getByRole("list", { name: "Policy results" })).toContainText("No public buckets");
    await saveVersion(page);
    const run = page.getByRole("button", { name: "Run", exact: true });
    await expect(run).toBeDisabled();
    await expect(run).toHaveAttribute("title", /Policies deny this run: .*No public buckets/);
    await badge.focus();
    await screenshot(page, "designer-policy-badges");

    // The server refuses too, whatever the browser shows.
    const refused = await page.request.post("/api/trpc/runs.start", { data: { json: { workflowId, inputs: {} } } });
    expect(refused.status()).toBe(412);
    expect(await refused.text()).toContain("Public buckets are not allowed");

    // An admin relaxes the policy on the Policies page.
    await admin.page.goto("/policies");
    const toggle = admin.page.getByRole("switch", { name: "Enabled: No public buckets" });
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await screenshot(admin.page, "policies");
    await toggle.click();
    await expect(admin.page.getByText("No public buckets is disabled.")).toBeVisible();
    await expect(toggle).toHaveAttribute("aria-checked", "false");

    // The operator's canvas clears the deny, and the run starts and succeeds.
    await page.reload();
    await expect(page.getByTestId("designer")).toBeVisible({ timeout: 30_000 });
    await expect(node(page, "bucket").locator('[data-outcome="deny"]')).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Run", exact: true })).toBeEnabled();
    const runId = await startFromDesigner(page);
    await expect.poll(() => runStatus(page.request, runId), { timeout: 60_000, intervals: [500] }).toBe("succeeded");
  } finally {
    await trpcMutation(admin.page.request, "policies.setEnabled", { id: policy.id, isEnabled: true });
    await admin.context.close();
    await operator.context.close();
  }
});

test("a require_approval policy holds a run until an admin approves it; an operator cannot", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await asRole(browser, "admin");
  const operator = await asRole(browser, "operator");
  const stamp = Date.now();
  const policyName = `Approve e2e buckets ${stamp}`;
  const workflowName = `Gov approval ${stamp}`;
  let policyId: string | undefined;
  try {
    // The admin writes the policy in the editor: a syntax error shows as they type, then the test box.
    const { page: adminPage } = admin;
    await adminPage.goto("/policies");
    await adminPage.getByRole("link", { name: "New policy" }).click();
    await adminPage.getByLabel("Name", { exact: true }).fill(policyName);
    await adminPage.getByLabel("Description").fill("Buckets of the governance e2e workflows need an admin's approval.");
    const expression = adminPage.getByLabel(/^Expression/);
    await expression.fill("workflow.name.startsWith(");
    await expect(adminPage.getByTestId("expression-error")).toContainText(/line 1, column/);
    // Only this test's workflows are held (other specs may create buckets at the same time).
    await expression.fill(`!workflow.name.startsWith("Gov approval ${stamp}")`);
    await expect(adminPage.getByText("Valid CEL")).toBeVisible();
    await adminPage.getByLabel("Message when it does not hold").fill("Governance e2e buckets need an admin's approval.");
    await adminPage.getByLabel("Effect").selectOption("require_approval");
    await adminPage.getByRole("group", { name: "Step types" }).getByLabel("Storage bucket").check();
    await expect(adminPage.getByLabel("Facts (JSON)")).toHaveValue(/"resource"/);
    await adminPage.getByRole("button", { name: "Test", exact: true }).click();
    await expect(adminPage.getByTestId("policy-test-result")).toContainText("Holds");
    await screenshot(adminPage, "policy-editor");
    // Unsaved: leaving the page asks first; dismissed, the editor keeps what was typed.
    const asked = new Promise<string>((resolve) =>
      adminPage.once("dialog", (dialog) => {
        resolve(dialog.type());
        void dialog.dismiss();
      }),
    );
    await adminPage.close({ runBeforeUnload: true });
    expect(await asked).toBe("beforeunload");
    await expect(adminPage.getByLabel("Name", { exact: true })).toHaveValue(policyName);
    await adminPage.getByRole("button", { name: "Create policy" }).click();
    await expect(adminPage).toHaveURL(/\/policies$/);
    await expect(adminPage.getByTestId(`policy-row-${policyName}`)).toContainText("Require approval");
    policyId = (await policyNamed(adminPage.request, policyName)).id;
    done.createdPolicyId = policyId;

    // The operator's bucket step is flagged on the canvas, and the run waits at it.
    const { page } = operator;
    await workflowWithBucket(page, workflowName);
    await expect(node(page, "bucket").getByTestId("policy-badge")).toHaveAttribute("data-outcome", "require_approval");
    await saveVersion(page);
    const runId = await startFromDesigner(page);
    done.approvedRunId = runId;
    const banner = page.getByTestId("policy-approval-banner");
    // The server's hold message names the policy, then its message.
    await expect(banner).toContainText(`Waiting for an admin's approval: ${policyName}: Governance e2e buckets need an admin's approval.`, { timeout: 30_000 });
    await expect(banner.getByRole("button", { name: "Approve" })).toHaveCount(0);
    const denied = await page.request.post("/api/trpc/runs.approve", { data: { json: { id: runId, stepId: "bucket", isApproved: true, comment: "" } } });
    expect(denied.status()).toBe(403);
    expect(await runStatus(page.request, runId)).toBe("waiting");

    // The admin approves from the run view; the run finishes.
    await adminPage.goto(`/runs/${runId}`);
    await adminPage.getByTestId("policy-approval-banner").getByRole("button", { name: "Approve" }).click();
    await adminPage.getByRole("dialog").getByLabel("Comment").fill("Checked by the e2e admin.");
    await adminPage.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => runStatus(adminPage.request, runId), { timeout: 60_000, intervals: [500] }).toBe("succeeded");
    await expect(adminPage.getByTestId("policy-approval-banner")).toHaveCount(0);
    await expect(adminPage.getByTestId("run-step-bucket").getByTestId("run-policy-badge")).toHaveAttribute("data-outcome", "require_approval");
    await adminPage.getByTestId("run-step-bucket").click();
    const decisions = adminPage.getByTestId("step-drawer").getByTestId("policy-decisions");
    // Checked twice: the hold, then (approved) the same policy passes and the attempt runs.
    const checks = decisions.getByTestId("policy-check");
    await expect(checks).toHaveCount(2);
    await expect(checks.nth(0).locator("tr", { hasText: policyName })).toContainText("Needs approval");
    await expect(checks.nth(1).locator("tr", { hasText: policyName })).toContainText("Passed");
    await screenshot(adminPage, "run-policy-decisions");
  } finally {
    if (policyId) await trpcMutation(admin.page.request, "policies.delete", { id: policyId });
    await admin.context.close();
    await operator.context.close();
  }
});

test("the audit log shows each of these actions, and exports them", async ({ browser }) => {
  expect(done.relaxedPolicyId && done.deniedWorkflowId && done.createdPolicyId && done.approvedRunId, "ids recorded by the specs above").toBeTruthy();
  const context = await browser.newContext({ storageState: storageStateFor("admin"), viewport: { width: 1600, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const rows = page.getByTestId("audit-row");
  const target = page.getByLabel("Target", { exact: true });
  /** The rows for one target, newest first, as "action outcome actor-role" lines. */
  const shown = async () =>
    Promise.all((await rows.all()).map(async (row) => {
          const cells = row.locator("td");
          const [action, outcome, role] = await Promise.all([cells.nth(3).textContent(), cells.nth(5).locator("span").first().textContent(), cells.nth(2).locator("div").last().textContent()]);
          return `${action} ${outcome} ${role}`;
        }));
  try {
    await page.goto("/admin/audit");
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();

    // The admin disabled "No public buckets" on the Policies page, and enabled it again afterwards.
    await target.fill(done.relaxedPolicyId!);
    await expect(rows).toHaveCount(2);
    await expect.poll(shown).toEqual(["policies.setEnabled success admin", "policies.setEnabled success admin"]);
    await rows.nth(1).getByRole("button", { name: "Show details of policies.setEnabled" }).click();
    await expect(page.locator("[id^=audit-detail-]")).toContainText('"isEnabled": false');

    // The operator's start of the workflow with a public bucket, refused by the policy.
    await target.fill(done.deniedWorkflowId!);
    await page.getByLabel("Action", { exact: true }).fill("runs.start");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("operator");
    await expect(rows.first()).toContainText("error");
    await expect(rows.first()).toContainText("PRECONDITION_FAILED"); // the HTTP 412 of POLICY_DENIED
    await page.getByLabel("Action", { exact: true }).fill("");

    // The require_approval policy: created, then deleted by the admin.
    await target.fill(done.createdPolicyId!);
    await expect.poll(shown).toEqual(["policies.delete success admin", "policies.create success admin"]);

    // The held run: started by the operator, the operator's approval refused, the admin's approval taken.
    await target.fill(done.approvedRunId!);
    await expect.poll(shown).toEqual(["runs.approve success admin", "runs.approve denied operator", "runs.start success operator"]);
    await screenshot(page, "audit-governance");

    // Both exports hold exactly those rows (the CSV export's own record targets nothing, so it is not among them).
    const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
    const csv = parse<Record<string, string>>(await readFile(await csvDownload.path(), "utf8"), { columns: true });
    expect(csv.map((r) => [r.action, r.outcome, r.target])).toEqual([
      ["runs.approve", "success", done.approvedRunId],
      ["runs.approve", "denied", done.approvedRunId],
      ["runs.start", "success", done.approvedRunId],
    ]);
    expect(JSON.parse(csv[0]!.input!)).toMatchObject({ id: done.approvedRunId, stepId: "bucket", isApproved: true, comment: "Checked by the e2e admin." });
    const [jsonDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
    const json = JSON.parse(await readFile(await jsonDownload.path(), "utf8")) as { filters: Record<string, string>; rows: Array<{ action: string; outcome: string }> };
    expect(json.filters).toEqual({ target: done.approvedRunId });
    expect(json.rows.map((r) => `${r.action} ${r.outcome}`)).toEqual(["runs.approve success", "runs.approve denied", "runs.start success"]);
  } finally {
    await context.close();
  }
});
