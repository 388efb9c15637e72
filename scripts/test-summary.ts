import { existsSync, readFileSync } from "node:fs";

// One plain closing line for CI with the totals of every test runner: "N passed, N failed".
export const REPORTS = { vitest: "test-reports/vitest.json", playwright: "test-reports/playwright.json" };

type VitestReport = { numPassedTests: number; numFailedTests: number; numPendingTests?: number; numTodoTests?: number };
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };

function read<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

export function summary(): { passed: number; failed: number; skipped: number } {
  const v = read<VitestReport>(REPORTS.vitest);
  const p = read<PlaywrightReport>(REPORTS.playwright);
  return {
    passed: (v?.numPassedTests ?? 0) + (p ? p.stats.expected + p.stats.flaky : 0),
    failed: (v?.numFailedTests ?? 0) + (p?.stats.unexpected ?? 0),
    skipped: (v ? (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0) : 0) + (p?.stats.skipped ?? 0),
  };
}

export function summaryLine(): string {
  const { passed, failed, skipped } = summary();
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summaryLine());
