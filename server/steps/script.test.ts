import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getStep } from "@/lib/catalog";
import { implementationOf, type StepContext } from "./index";

const workspace = mkdtempSync(path.join(tmpdir(), "stratus-script-"));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function runScript(command: string) {
  const step = getStep("script")!;
  const ctx: Partial<StepContext> = { step, config: step.config.parse({ command }), workspace, signal: new AbortController().signal, log: () => undefined, memo: {} };
  return implementationOf(step).run(ctx as StepContext) as Promise<Record<string, unknown>>;
}

describe("script step", () => {
  it("keeps the last 64 KB of standard output, counted in bytes, without a broken first character", async () => {
    // 40,000 two-byte characters then "end": 80,003 bytes, of which the last 65,536 cut through a character.
    const out = await runScript(`i=0; while [ $i -lt 40000 ]; do printf 'é'; i=$((i+1)); done; printf end`);
    const stdout = String(out.stdout);
    expect(Buffer.byteLength(stdout)).toBe(64 * 1024 - 1);
    expect(stdout).toBe(`${"é".repeat((64 * 1024 - 4) / 2)}end`);
    expect(out.exitCode).toBe(0);
  }, 30_000);
});
