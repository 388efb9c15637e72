import { existsSync, lstatSync, lutimesSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderDriver, ProviderResource } from "../types";
import { createLocalDriver } from "./driver";
import { acquireRuntime, releaseRuntime } from "./lifecycle";
import { SWEEPER_KEY, sweepBuckets } from "./retention";
import type { Runtime } from "./runtime";
import { makeDataDir, removeDataDir } from "./test-support";

/** Local buckets' retention, with an injected clock: objects are files, judged by modification time. */
const DAY = 24 * 60 * 60 * 1000;
const dataDir = makeDataDir("retention");
// Starts at the real time: files the test writes without setting a time are then "new".
let clock = Date.now();
let driver: ProviderDriver;
let rt: Runtime;
let root: string;

beforeAll(async () => {
  driver = createLocalDriver({ dataDir, now: () => new Date(clock) });
  const acquired = acquireRuntime(dataDir, () => new Date(clock));
  root = acquired.root;
  rt = await acquired.runtime;
});

afterAll(async () => {
  await driver.close?.();
  await releaseRuntime(root);
  removeDataDir(dataDir);
});

let counter = 0;
async function bucket(retentionDays: number): Promise<{ made: ProviderResource; dir: string }> {
  counter += 1;
  const made = await driver.create("storage.bucket", { name: `kept-${counter}`, region: "local", retentionDays }, { idempotencyKey: `retention-${counter}` });
  return { made, dir: String(made.attributes.path) };
}

/** Writes `file` under `dir` as last modified `ageDays` before the clock. */
function put(dir: string, file: string, ageDays: number): string {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, file);
  const at = new Date(clock - ageDays * DAY);
  utimesSync(full, at, at);
  return full;
}

describe("local bucket retention", () => {
  it("runs in the background of the runtime that serves the local provider", () => {
    expect(rt.background.has(SWEEPER_KEY)).toBe(true);
  });

  it("deletes objects older than retentionDays (in sub-folders too, then the folders left empty) and keeps newer ones", async () => {
    const { made, dir } = await bucket(7);
    const old = [put(dir, "old.txt", 8), put(dir, "logs/2027/01/a.log", 30), put(dir, "mixed/old.bin", 10)];
    const fresh = [put(dir, "new.txt", 6), put(dir, "mixed/new.bin", 1)];
    const swept = await sweepBuckets(rt);
    expect(swept).toContainEqual({ bucketId: made.externalId, removedFiles: 3 });
    for (const file of old) expect(existsSync(file), file).toBe(false);
    for (const file of fresh) expect(existsSync(file), file).toBe(true);
    expect(existsSync(path.join(dir, "logs"))).toBe(false);
    expect(existsSync(path.join(dir, "mixed"))).toBe(true);
    expect(existsSync(dir)).toBe(true);
    expect((await driver.get("storage.bucket", made.externalId)).status).toBe("ready");
  });

  it("follows the clock: an object kept today goes once it is older than the retention", async () => {
    const { dir } = await bucket(3);
    const file = put(dir, "report.csv", 2);
    await sweepBuckets(rt);
    expect(existsSync(file)).toBe(true);
    clock += 2 * DAY;
    try {
      await sweepBuckets(rt);
      expect(existsSync(file)).toBe(false);
    } finally {
      clock -= 2 * DAY;
    }
  });

  it("keeps everything when retentionDays is 0", async () => {
    const { made, dir } = await bucket(0);
    const ancient = put(dir, "ancient.txt", 3000);
    const swept = await sweepBuckets(rt);
    expect(swept.map((s) => s.bucketId)).not.toContain(made.externalId);
    expect(existsSync(ancient)).toBe(true);
  });

  it("never touches the folder of a deleted bucket, nor what a symlink in a bucket points at", async () => {
    const gone = await bucket(1);
    await driver.delete("storage.bucket", gone.made.externalId, { idempotencyKey: "retention-delete" });
    // Something recreated the folder after the delete: it is not the bucket's any more.
    const stray = put(gone.dir, "stray.txt", 100);
    const outside = put(dataDir, "outside/precious.txt", 100);
    const { dir } = await bucket(1);
    const link = path.join(dir, "link");
    symlinkSync(outside, link);
    const old = new Date(clock - 100 * DAY);
    lutimesSync(link, old, old);
    await sweepBuckets(rt);
    expect(existsSync(stray)).toBe(true);
    // The old link is an object of the bucket and goes; the file it points at is not and stays.
    expect(() => lstatSync(link)).toThrow();
    expect(existsSync(outside)).toBe(true);
  });
});
