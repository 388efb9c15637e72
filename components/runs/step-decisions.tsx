import { EffectBadge, OutcomeBadge } from "@/components/policies/policy-badges";
import type { PolicyDecision } from "./run-policy";

/** The step drawer's policy decisions: which policy judged which attempt, and what it decided. */
export function StepDecisions({ decisions }: { decisions: readonly PolicyDecision[] }) {
  return (
    <section aria-labelledby="drawer-policies">
      <h3 id="drawer-policies" className="mb-1.5 font-medium text-slate-900">
        Policy decisions
      </h3>
      {decisions.length === 0 ? (
        <p className="text-slate-500">No policy applied to this step.</p>
      ) : (
        <table className="w-full text-left text-xs" data-testid="policy-decisions">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1 font-medium">Policy</th>
              <th className="py-1 font-medium">Effect</th>
              <th className="py-1 font-medium">Outcome</th>
              <th className="py-1 font-medium">#</th>
            </tr>
          </thead>
          <tbody>
            {decisions.map((d) => (
              <tr key={d.id} className="align-top">
                <td className="py-1 pr-2">
                  <span className="font-medium text-slate-900">{d.policyName}</span>
                  {d.message && d.outcome !== "pass" ? <span className="block text-slate-600">{d.message}</span> : null}
                </td>
                <td className="py-1 pr-2">
                  <EffectBadge effect={d.effect} />
                </td>
                <td className="py-1 pr-2">
                  <OutcomeBadge outcome={d.outcome} />
                </td>
                <td className="py-1 tabular-nums" title={d.at.toLocaleString()}>
                  {d.attempt}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
