import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { RESOURCE_TYPES } from "@/lib/catalog/define";
import { ProviderError } from "../types";

const STATUSES = ["creating", "ready", "updating", "deleting", "deleted", "failed"] as const;

const recordSchema = z.object({
  externalId: z.string().min(1),
  type: z.enum(RESOURCE_TYPES),
  region: z.string(),
  name: z.string(),
  status: z.enum(STATUSES),
  /** What get/list report: ports, pids, urls … */
  attributes: z.record(z.string(), z.unknown()),
  tags: z.record(z.string(), z.string()),
  /** The create spec (and later changes), kept to restart processes and re-run checks. */
  spec: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const stateSchema = z.object({
  version: z.literal(1),
  resources: z.record(z.string(), recordSchema),
  /** Idempotency keys of creates (and `update:<key>` of applied updates, `delete:<key>` of deletes) → external id. */
  keys: z.record(z.string(), z.string()),
});

export type LocalRecord = z.infer<typeof recordSchema>;
export type LocalState = z.infer<typeof stateSchema>;

export type Store = {
  readonly state: LocalState;
  /** Persists the whole state atomically (write a temp file, fsync, rename); calls are serialised. */
  save(): Promise<void>;
  /** Runs `fn` alone among callers of the same lock name (a resource id, or "catalog"). */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  isLocked(name: string): boolean;
};

export function stateFile(root: string): string {
  return path.join(root, "state.json");
}

async function readState(file: string): Promise<LocalState> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return { version: 1, resources: {}, keys: {} };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ProviderError("UNAVAILABLE", `local: ${file} is not valid JSON; fix or move it aside (its processes are still running).`, { cause, isRetryable: false });
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    throw new ProviderError("UNAVAILABLE", `local: ${file} does not hold local provider state (${parsed.error.issues[0]?.message ?? "bad shape"}).`, { isRetryable: false });
  }
  return parsed.data;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const handle = await open(temp, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

export async function openStore(root: string): Promise<Store> {
  await mkdir(root, { recursive: true });
  const file = stateFile(root);
  const state = await readState(file);
  let writes: Promise<void> = Promise.resolve();
  const locks = new Map<string, Promise<unknown>>();

  return {
    state,
    save() {
      // Each save writes the state as it is when its turn comes, so a burst of saves ends with the newest.
      const next = writes.then(() => writeAtomically(file, JSON.stringify(state, null, 1)));
      writes = next.catch(() => undefined);
      return next;
    },
    withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const previous = locks.get(name) ?? Promise.resolve();
      const run = previous.then(fn, fn);
      const settled = run.catch(() => undefined);
      locks.set(name, settled);
      void settled.then(() => {
        if (locks.get(name) === settled) locks.delete(name);
      });
      return run;
    },
    isLocked(name: string) {
      return locks.has(name);
    },
  };
}
