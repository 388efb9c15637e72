import { defineConfig, devices } from "@playwright/test";

// End-to-end against a production build (`next build` + `next start` via scripts/start.ts) on a fresh
// embedded database, in Debian's Chromium (Playwright cannot download browsers on these machines).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;
import { E2E_ADMIN_PASSWORD } from "./e2e/fixtures";
const DATA_DIR = ".e2e-data";

export default defineConfig({
  testDir: "e2e",
  forbidOnly: Boolean(process.env.CI),
  // One retry in CI only, for the timing flakes listed in NOTES.md (session 6); a test that fails twice still
  // fails the build, and a retried pass is reported as flaky in the JSON report. Remove once they are fixed.
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON
    ? [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON }]]
    : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"], testIgnore: /.*\.setup\.ts/ },
  ],
  webServer: {
    command: `rm -rf ${DATA_DIR} && tsx --conditions=react-server scripts/start.ts`,
    url: `${BASE_URL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      STRATUS_DATA_DIR: DATA_DIR,
      STRATUS_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      NEXTAUTH_URL: BASE_URL,
    },
  },
});
