import type { Db } from "@/db/client";
import type { ResourceType } from "@/lib/catalog/define";

/**
 * The resource abstraction (ARCHITECTURE.md): the small contract every driver meets. Steps reach clouds only
 * through it. One conformance suite (server/providers/conformance.ts) runs against every driver.
 */
export type ProviderResource = {
  externalId: string;
  type: ResourceType;
  region: string;
  name: string;
  status: "creating" | "ready" | "updating" | "deleting" | "deleted" | "failed";
  /** What the provider reports: ips, ports, urls, sizes … */
  attributes: Record<string, unknown>;
  tags: Record<string, string>;
  costPerHour: number;
};

export type CreateSpec = { name: string; region: string; tags?: Record<string, string> } & Record<string, unknown>;

export type CallOptions = {
  /** Same key ⇒ same resource: a retried step never provisions twice. */
  idempotencyKey: string;
  signal?: AbortSignal;
};

/** What a delete found: `existed` is false when there was nothing to delete. */
export type DeleteResult = { existed: boolean };

export type ProviderErrorCode = "NOT_FOUND" | "CONFLICT" | "QUOTA_EXCEEDED" | "INVALID_SPEC" | "UNAVAILABLE" | "TIMEOUT" | "UNSUPPORTED";

/**
 * A provider failure with a message meant for the operator. `isRetryable` tells the engine whether a retry
 * can help (throttling, timeouts) or not (bad spec, quota).
 *
 * @example throw new ProviderError("QUOTA_EXCEEDED", "aws-sim us-east-1: vCPU quota of 32 reached (requested 4, in use 30).")
 */
export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly isRetryable: boolean;
  constructor(code: ProviderErrorCode, message: string, options: { isRetryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ProviderError";
    this.code = code;
    this.isRetryable = options.isRetryable ?? (code === "UNAVAILABLE" || code === "TIMEOUT");
  }
}

export type ProviderContext = {
  db: Db;
  /** Folder for a driver's local files (local buckets, process logs). */
  dataDir: string;
  now: () => Date;
};

export type ProviderDriver = {
  id: string;
  label: string;
  /** Simulated providers are always labelled so in the UI. */
  isSimulated: boolean;
  regions: readonly string[];
  supports: readonly ResourceType[];
  create(type: ResourceType, spec: CreateSpec, options: CallOptions): Promise<ProviderResource>;
  /** Throws NOT_FOUND for an unknown or deleted resource. */
  get(type: ResourceType, externalId: string, options?: { signal?: AbortSignal }): Promise<ProviderResource>;
  /**
   * Applies `changes` (only fields that may change). Reports what it replaced as `attributes.previous` plus
   * the aliases steps read, e.g. previousTargets (previous.ts). The same key again is answered as the first
   * time, without applying the change twice.
   */
  update(type: ResourceType, externalId: string, changes: Record<string, unknown>, options: CallOptions): Promise<ProviderResource>;
  /**
   * Idempotent: deleting what is already gone (or never was) succeeds with `existed: false`; the same key
   * again answers as the first call did, so a retry after a lost reply still says `existed: true`. An id
   * of another type is NOT_FOUND, never a silent success. `void` is allowed so a test double written
   * against the plain contract still fits; callers then take it that something was deleted.
   */
  delete(type: ResourceType, externalId: string, options: CallOptions): Promise<DeleteResult | void>;
  list(type?: ResourceType): Promise<ProviderResource[]>;
  metrics(type: ResourceType, externalId: string): Promise<Record<string, number>>;
  /** Stops background work (processes, proxies, timers) without deleting resources. */
  close?(): Promise<void>;
};

export type ProviderFactory = (context: ProviderContext) => ProviderDriver;

/** One definition object per provider, registered in server/providers/index.ts. */
export function defineProvider(factory: ProviderFactory): ProviderFactory {
  return factory;
}
