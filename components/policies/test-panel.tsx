"use client";
import { useQuery } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/input";
import { EFFECT_LABELS, type PolicyEffect } from "@/lib/policy/schemas";

type Parsed = { ok: true; facts: Record<string, unknown> } | { ok: false; message: string };
function parseFacts(text: string): Parsed {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, message: "The facts must be a JSON object." };
    return { ok: true, facts: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${errorMessage(error)}` };
  }
}

/** "Test against sample facts": the expression being edited, on facts the admin edits as JSON. */
export function TestPanel({ expression, effect }: { expression: string; effect: PolicyEffect }) {
  const trpc = useTRPC();
  const sample = useQuery(trpc.policies.sampleFacts.queryOptions());
  const [text, setText] = useState<string | null>(null);
  const [asked, setAsked] = useState<{ expression: string; facts: Record<string, unknown> } | null>(null);
  const [jsonError, setJsonError] = useState<string>();
  const result = useQuery({ ...trpc.policies.test.queryOptions(asked ?? { expression: "", facts: {} }), enabled: asked !== null, retry: false });
  const shown = text ?? (sample.data ? JSON.stringify(sample.data, null, 2) : "");

  function run() {
    const parsed = parseFacts(shown);
    if (!parsed.ok) {
      setJsonError(parsed.message);
      setAsked(null);
      return;
    }
    setJsonError(undefined);
    setAsked({ expression, facts: parsed.facts });
  }

  const isStale = asked !== null && asked.expression !== expression;
  return (
    <section aria-labelledby="policy-test-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="policy-test-title" className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-900">
        <FlaskConical className="size-4" aria-hidden /> Test against sample facts
      </h2>
      <Label htmlFor="policy-test-facts">Facts (JSON)</Label>
      <textarea
        id="policy-test-facts"
        value={shown}
        onChange={(e) => setText(e.target.value)}
        rows={12}
        spellCheck={false}
        disabled={sample.isPending && text === null}
        aria-invalid={Boolean(jsonError)}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none aria-invalid:border-red-500"
      />
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <Button variant="secondary" size="sm" onClick={run} disabled={!expression.trim()} isLoading={result.isFetching}>
          Test
        </Button>
        {sample.data && text !== null ? (
          <button type="button" className="text-xs text-slate-600 underline" onClick={() => setText(null)}>
            Reset to the sample
          </button>
        ) : null}
      </div>
      <div aria-live="polite" className="mt-2 text-sm" data-testid="policy-test-result">
        {jsonError ? (
          <p className="text-red-600">{jsonError}</p>
        ) : result.isError ? (
          <p className="text-red-600">{errorMessage(result.error)}</p>
        ) : result.data && !result.isFetching ? (
          result.data.ok ? (
            result.data.holds ? (
              <p className="font-medium text-emerald-700">Holds: the step passes.</p>
            ) : (
              <p className="font-medium text-red-700">Does not hold → {EFFECT_LABELS[effect]}</p>
            )
          ) : (
            <p className="text-red-600">Error: {result.data.message}</p>
          )
        ) : null}
        {isStale && result.data ? <p className="text-xs text-slate-500">The expression changed since this test: test again.</p> : null}
      </div>
    </section>
  );
}
