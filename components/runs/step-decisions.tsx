import { EffectBadge, OutcomeBadge } from "@/components/policies/policy-badges";
import type { PolicyDecision } from "./run-policy";

/** Decisions taken together (one check before an attempt runs: same attempt, same commit time), in order. */
function checks(decisions: readonly PolicyDecision[]): PolicyDecision[][] {
  const groups: PolicyDecision[][] = [];
  for (const d of decisions) {
    const last = groups.at(-1)?.[0];
    if (last && last.attempt === d.attempt && last.at.getTime() === d.at.getTime()) groups.at(-1)!.push(d);
    else groups.push([d]);
  }
  return groups;
}

/**
 * The step drawer's policy decisions, one table section per check: a step is checked before each attempt,
 * and again after an admin approves a hold (the approved policy then passes).
 */
export function StepDecisions({ decisions }: { decisions: readonly PolicyDecision[] }) {
  const groups = checks(decisions);
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
            </tr>
          </thead>
          {groups.map((group, i) => (
            <tbody key={group[0]!.id} data-testid="policy-check">
              <tr>
                <th colSpan={3} scope="rowgroup" className="border-t border-slate-200 pt-2 pb-1 text-left font-medium text-slate-500">
                  Check {i + 1} of {groups.length} · attempt {group[0]!.attempt} ·{" "}
                  <time dateTime={group[0]!.at.toISOString()}>{group[0]!.at.toLocaleTimeString()}</time>
                </th>
              </tr>
              {group.map((d) => (
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
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
    </section>
  );
}
