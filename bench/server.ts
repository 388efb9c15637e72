// A production server and tRPC calls for the browser benchmarks (editor, live).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "@playwright/test";
import { z } from "zod";
import { sourceHash } from "../scripts/build-if-needed";

/** A port nobody listens on: 3500 when it is free, else one the OS picks. */
export const freePort = (port = 3500): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().once("error", () => resolve(port === 0 ? 3500 : freePort(0)));
    probe.listen(port, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : port));
    });
  });

const STAMP = ".next/stratus-build-hash"; // written by scripts/build-if-needed.ts

/** `next start` in its own process group on a fresh data folder, like scripts/start.ts; stop() kills the group. */
export async function startServer(port: number, password: string) {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("[bench] no production build (.next/BUILD_ID missing): building with `npx next build` (about a minute)…");
    const built = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    if (built.status !== 0) throw new Error("next build failed");
  } else if (!existsSync(STAMP) || readFileSync(STAMP, "utf8").trim() !== sourceHash()) {
    console.log("[bench] note: .next was built from other sources than the working tree; these figures are for that build.");
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "stratus-bench-"));
  const base = `http://localhost:${port}`;
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child: ChildProcess = spawn("npx", ["next", "start", "-p", String(port)], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...env, NODE_ENV: "production", PORT: String(port), STRATUS_DATA_DIR: dataDir, STRATUS_ADMIN_PASSWORD: password, NEXTAUTH_URL: base },
  });
  let log = "";
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const alive = () => {
    try {
      return process.kill(-child.pid!, 0);
    } catch {
      return false;
    }
  };
  const kill = (signal: NodeJS.Signals) => alive() && process.kill(-child.pid!, signal);
  const onSignal = () => (kill("SIGKILL"), process.exit(130));
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  const stop = async () => {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    kill("SIGTERM");
    for (let i = 0; i < 50 && alive(); i++) await sleep(100);
    kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (const deadline = Date.now() + 180_000; ; await sleep(250)) {
      if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error("the server did not answer /api/health within 3 minutes");
      if ((await fetch(`${base}/api/health`).catch(() => null))?.status === 200) break;
    }
  } catch (error) {
    console.error(`[bench] server output:\n${log}`);
    await stop();
    throw error;
  }
  return { base, stop, log: () => log };
}

const trpcAnswer = z.object({ result: z.object({ data: z.object({ json: z.unknown() }) }) });
export async function trpcMutation(page: Page, procedure: string, input: unknown): Promise<unknown> {
  const res = await page.request.post(`/api/trpc/${procedure}`, { data: { json: input } });
  if (!res.ok()) throw new Error(`${procedure}: HTTP ${res.status()} ${(await res.text()).slice(0, 500)}`);
  return trpcAnswer.parse(await res.json()).result.data.json;
}

