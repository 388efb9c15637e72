"use client";
import { providerName } from "@/components/resources/provider-name";
import { cn } from "@/lib/cn";

export type PickableResource = { id: string; name: string; provider: string; type: string };
export const MAX_PICKED = 4;
const TYPE_LABELS: Record<string, string> = { "compute.group": "group", "compute.instance": "instance", "network.loadBalancer": "load balancer" };

/** Toggle buttons, one per resource; at most MAX_PICKED on at once. */
export function ResourcePicker({ resources, picked, onChange }: { resources: PickableResource[]; picked: string[]; onChange: (ids: string[]) => void }) {
  const toggle = (id: string) => onChange(picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id].slice(-MAX_PICKED));
  return (
    <div role="group" aria-label="Resources to chart" className="flex flex-wrap gap-1.5">
      {resources.map((r) => {
        const isOn = picked.includes(r.id);
        return (
          <button
            key={r.id}
            type="button"
            value={r.id}
            aria-pressed={isOn}
            onClick={() => toggle(r.id)}
            className={cn(
              "rounded-full border px-2.5 py-1 text-xs font-medium transition-colors focus-visible:ring-2 focus-visible:ring-brand-500/40 focus-visible:outline-none",
              isOn ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {r.name} <span className="font-normal text-slate-500">({providerName(r.provider)} {TYPE_LABELS[r.type] ?? r.type})</span>
          </button>
        );
      })}
    </div>
  );
}
