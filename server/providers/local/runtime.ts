import "server-only";
import type { z } from "zod";
import type { ResourceType } from "@/lib/catalog/define";
import { type CreateSpec, ProviderError } from "../types";
import type { RunningProxy } from "./proxy";
import type { LocalRecord, Store } from "./store";

/** Background work of one resource: a group's supervisor or a load balancer's proxy. */
export type Background = { stop(): Promise<void>; proxy?: RunningProxy };

/** What every handler works with: the state store and the live background work of this data dir. */
export type Runtime = {
  /** `<dataDir>/local-provider` */
  root: string;
  store: Store;
  now: () => Date;
  background: Map<string, Background>;
  /** Last CPU sample per pid, so metrics report CPU over the interval since the previous call. */
  cpuSamples: Map<number, { at: number; cpuSeconds: number }>;
  /** Creates under way by idempotency key, so a concurrent retry waits for the first instead of racing it. */
  inflight: Map<string, Promise<LocalRecord>>;
  isClosed: boolean;
};

/**
 * One resource type's behaviour. `check` runs under the catalog lock before the record exists (so two
 * concurrent creates cannot both pass a conflict check); `create` makes the real effects.
 */
export type Handler = {
  prefix: string;
  check?(rt: Runtime, spec: CreateSpec): void;
  /** Name-based upsert (DNS): an existing record the create should change instead of making a new one. */
  findExisting?(rt: Runtime, spec: CreateSpec): LocalRecord | undefined;
  create(rt: Runtime, record: LocalRecord, signal?: AbortSignal): Promise<void>;
  update?(rt: Runtime, record: LocalRecord, changes: Record<string, unknown>, signal?: AbortSignal): Promise<void>;
  delete(rt: Runtime, record: LocalRecord): Promise<void>;
  /** Brings reported state up to date (a dead process becomes failed + lost). */
  refresh?(rt: Runtime, record: LocalRecord): Promise<void>;
  /** After a restart: take the resource back, or mark it failed + lost. Background work starts here. */
  adopt?(rt: Runtime, record: LocalRecord): Promise<void>;
  metrics?(rt: Runtime, record: LocalRecord): Promise<Record<string, number>>;
};

export const REGION = "local";

/** Parses a spec or change set with a handler's schema; the first issue becomes an INVALID_SPEC message. */
export function parseSpec<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new ProviderError("INVALID_SPEC", `local ${what}: ${where}${issue?.message ?? "invalid"}`);
}

export function findRecord(rt: Runtime, type: ResourceType, id: string): LocalRecord | undefined {
  const record = rt.store.state.resources[id];
  return record?.type === type ? record : undefined;
}

export function recordsOf(rt: Runtime, type: ResourceType): LocalRecord[] {
  return Object.values(rt.store.state.resources).filter((r) => r.type === type);
}

export function touch(rt: Runtime, record: LocalRecord): void {
  record.updatedAt = rt.now().toISOString();
}

/** Marks a resource that cannot be recovered: reported, never silently dropped. */
export function markLost(rt: Runtime, record: LocalRecord, reason: string): void {
  record.status = "failed";
  record.attributes = { ...record.attributes, lost: true, reason };
  touch(rt, record);
}

export async function stopBackground(rt: Runtime, id: string): Promise<void> {
  const work = rt.background.get(id);
  rt.background.delete(id);
  await work?.stop();
}
