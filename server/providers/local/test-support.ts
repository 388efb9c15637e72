import "server-only";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { z } from "zod";
import type { ResourceType } from "@/lib/catalog/define";
import type { ProviderDriver } from "../types";
import { createLocalDriver } from "./driver";
import { isProcessAlive } from "./process";
import { stateFile } from "./store";

// Helpers for the local provider's tests: a throw-away data folder and a last-resort cleanup that kills
// every process the state file still records, so a failing test never leaves servers running.

export function makeDataDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `stratus-local-${label}-`));
}

const recordedSchema = z.object({
  resources: z.record(z.string(), z.object({ attributes: z.object({ pid: z.number().optional(), startTicks: z.number().nullable().optional() }).loose() }).loose()),
});

function recordedProcesses(dataDir: string): { pid: number; startTicks: number | null }[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(stateFile(path.join(dataDir, "local-provider")), "utf8"));
  } catch {
    return [];
  }
  const parsed = recordedSchema.safeParse(json);
  if (!parsed.success) return [];
  return Object.values(parsed.data.resources).flatMap(({ attributes: { pid, startTicks } }) => (pid === undefined ? [] : [{ pid, startTicks: startTicks ?? null }]));
}

/** SIGKILLs the process group of every recorded process that is still ours; returns how many it killed. */
export function killRecordedProcesses(dataDir: string, extraPids: Iterable<number> = []): number {
  let killed = 0;
  const targets = [...recordedProcesses(dataDir), ...[...extraPids].map((pid) => ({ pid, startTicks: null }))];
  for (const { pid, startTicks } of targets) {
    if (!isProcessAlive(pid, startTicks)) continue;
    try {
      process.kill(-pid, "SIGKILL");
      killed += 1;
    } catch {
      // Already gone.
    }
  }
  return killed;
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

export type LocalFixture = {
  /** The current driver; `restart()` replaces it. */
  driver: () => ProviderDriver;
  dataDir: () => string;
  /** Remembers a resource for deletion after the test, pass or fail. */
  track: <T extends { type: ResourceType; externalId: string }>(resource: T) => T;
  /** Simulates a server restart: closes the driver (processes keep running) and opens a new one. */
  restart: () => Promise<ProviderDriver>;
};

/** A fresh data folder and driver per test; afterwards everything tracked is deleted and stray processes killed. */
export function localFixture(label: string): LocalFixture {
  let dataDir = "";
  let driver: ProviderDriver | undefined;
  let made: { type: ResourceType; externalId: string }[] = [];
  const open = () => createLocalDriver({ dataDir, now: () => new Date() });

  beforeEach(() => {
    dataDir = makeDataDir(label);
    driver = open();
    made = [];
  });
  afterEach(async () => {
    const current = driver;
    try {
      for (const { type, externalId } of made.reverse()) {
        await current?.delete(type, externalId, { idempotencyKey: `cleanup:${externalId}` }).catch(() => undefined);
      }
      await current?.close?.();
    } finally {
      killRecordedProcesses(dataDir);
      removeDataDir(dataDir);
    }
  });

  return {
    driver: () => {
      if (!driver) throw new Error("the driver is not open yet");
      return driver;
    },
    dataDir: () => dataDir,
    track: (resource) => {
      made.push({ type: resource.type, externalId: resource.externalId });
      return resource;
    },
    restart: async () => {
      await driver?.close?.();
      driver = open();
      return driver;
    },
  };
}

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
