import { ShieldCheck } from "lucide-react";
import { OutcomeBadge } from "@/components/policies/policy-badges";
import type { PolicyResult } from "@/lib/policy/schemas";

/** The inspector's list of a step's policy results (only policies whose scope covers it). */
export function PolicyResults({ results }: { results: readonly PolicyResult[] | undefined }) {
  if (!results || results.length === 0) return null;
  return (
    <section aria-labelledby="node-policies-title" className="rounded-md border border-slate-200 p-3">
      <h3 id="node-policies-title" className="mb-2 flex items-center gap-1.5 text-sm font-medium text-slate-700">
        <ShieldCheck className="size-4" aria-hidden /> Policies
      </h3>
      <ul className="space-y-2 text-sm" aria-label="Policy results">
        {results.map((r) => (
          <li key={r.policyId} className="flex items-start justify-between gap-2">
            <span className="min-w-0">
              <span className="font-medium text-slate-900">{r.policyName}</span>
              {r.outcome !== "pass" && r.message ? <span className="block text-xs text-slate-600">{r.message}</span> : null}
            </span>
            <OutcomeBadge outcome={r.outcome} />
          </li>
        ))}
      </ul>
    </section>
  );
}
