import "server-only";
import type { ProviderId } from "@/lib/catalog/steps/fields";
import { localProvider } from "./local";
import { noopProvider } from "./noop";
import { SIM_PROVIDER_IDS, simProvider, type SimOptions } from "./sim";
import type { ProviderContext, ProviderDriver, ProviderFactory } from "./types";

export type { SimOptions } from "./sim";

/** What the UI shows for each provider id; simulated ones say so (ARCHITECTURE.md). */
export const PROVIDER_LABELS: Readonly<Record<ProviderId | "noop", string>> = {
  local: "Local (this host)",
  "aws-sim": "AWS (simulated)",
  "azure-sim": "Azure (simulated)",
  "gcp-sim": "Google Cloud (simulated)",
  noop: "No-op (benchmarks)",
};

/**
 * Every provider driver by id, built over one context. `options.sim` configures the three simulated clouds
 * (seed, latency, faults, quotas).
 *
 * @example const providers = createProviders({ db, dataDir, now: () => new Date() }); await providers["aws-sim"].list();
 */
export function createProviders(context: ProviderContext, options: { sim?: SimOptions } = {}): Record<string, ProviderDriver> {
  const factories: ProviderFactory[] = [
    ...SIM_PROVIDER_IDS.map((id) => simProvider(id, options.sim)),
    noopProvider,
    localProvider,
  ];
  return Object.fromEntries(factories.map((factory) => factory(context)).map((driver) => [driver.id, driver]));
}
