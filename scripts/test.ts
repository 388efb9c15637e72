import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { build } from "./build-if-needed";
import { REPORTS, summaryLine } from "./test-summary";

// `npm test`: typecheck, lint, Vitest (unit + integration on PGlite, and on PostgreSQL when
// TEST_DATABASE_URL is set), the production build, then Playwright end-to-end in Chromium.
// Stops at the first failing step; always ends with the totals line.
rmSync("test-reports", { recursive: true, force: true });
mkdirSync("test-reports", { recursive: true });

function run(title: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`=== ${title}: ${result.status === 0 ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(1)} s) ===`);
  return result.status === 0;
}

if (!process.env.TEST_DATABASE_URL) {
  console.log("(TEST_DATABASE_URL is not set: the integration suite runs on PGlite only; CI runs it on PostgreSQL too.)");
}

const steps: Array<() => boolean> = [
  () => run("typecheck", "npx", ["tsc", "--noEmit"]),
  () => run("lint", "npx", ["eslint", ".", "--max-warnings", "0"]),
  () => run("vitest", "npx", ["vitest", "run"], { VITEST_JSON: REPORTS.vitest }),
  () => {
    console.log("\n=== next build ===");
    build();
    return true;
  },
  () => run("playwright", "npx", ["playwright", "test"], { PLAYWRIGHT_JSON: REPORTS.playwright }),
];

let ok = true;
for (const step of steps) {
  if (!step()) {
    ok = false;
    break;
  }
}
console.log(`\n${summaryLine()}`);
process.exit(ok ? 0 : 1);
