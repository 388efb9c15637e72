import { FACT_VARIABLES } from "./facts-help";

/** The variables an expression may use, beside the editor. */
export function FactsHelp() {
  return (
    <section aria-labelledby="facts-help-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="facts-help-title" className="mb-2 text-sm font-semibold text-slate-900">
        Variables
      </h2>
      <dl className="space-y-1.5 text-xs">
        {FACT_VARIABLES.map((v) => (
          <div key={v.name}>
            <dt className="font-mono text-slate-900">{v.name}</dt>
            <dd className="text-slate-600">{v.description}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-slate-500">
        A value the designer cannot know yet (a <code>{"${{ … }}"}</code> expression) makes the result &quot;unknown&quot; on the canvas. At run time an expression
        that fails counts as not holding.
      </p>
    </section>
  );
}
