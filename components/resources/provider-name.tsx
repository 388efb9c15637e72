import { Badge } from "@/components/ui/badge";

const NAMES: Record<string, string> = { local: "Local", "aws-sim": "AWS", "azure-sim": "Azure", "gcp-sim": "Google Cloud", noop: "No-op" };

/** Simulated clouds (and the no-op benchmark provider) are always labelled as such. */
export function isSimulatedProvider(provider: string): boolean {
  return provider.endsWith("-sim") || provider === "noop";
}

export function providerName(provider: string): string {
  return NAMES[provider] ?? provider;
}

export function ProviderName({ provider }: { provider: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="font-medium text-slate-900" title={provider}>
        {providerName(provider)}
      </span>
      {isSimulatedProvider(provider) ? <Badge tone="violet">Simulated</Badge> : null}
    </span>
  );
}
