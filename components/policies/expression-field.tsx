"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CheckCircle2 } from "lucide-react";
import { useTRPC } from "@/components/trpc-provider";
import { useDebounced } from "@/components/workflows/use-debounced";
import { Label } from "@/components/ui/input";

/** "line 2, column 5" for a 0-based offset into the text: easier to find than a raw offset. */
export function positionText(text: string, position: number): string {
  const before = text.slice(0, position).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * The CEL expression, checked by the server as the admin types (debounced ~300 ms); a syntax error shows
 * under the field with its position. `serverError` is the save's refusal, shown until the text changes.
 */
export function ExpressionField({ value, onChange, serverError }: { value: string; onChange: (value: string) => void; serverError?: string }) {
  const trpc = useTRPC();
  const debounced = useDebounced(value, 300);
  const check = useQuery({ ...trpc.policies.validate.queryOptions({ expression: debounced }), placeholderData: keepPreviousData, enabled: debounced.trim() !== "" });
  const result = debounced === value && debounced.trim() !== "" ? check.data : undefined;
  const syntax = result && !result.ok ? `${result.message}${result.position !== undefined ? ` (at ${positionText(value, result.position)})` : ""}` : undefined;
  const error = serverError ?? syntax;
  return (
    <div>
      <Label htmlFor="policy-expression">Expression (CEL) — must hold for a step to pass</Label>
      <textarea
        id="policy-expression"
        name="expression"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={4}
        spellCheck={false}
        maxLength={4000}
        aria-invalid={Boolean(error)}
        aria-describedby="policy-expression-status"
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none aria-invalid:border-red-500"
        placeholder='e.g. resource.region in ["us-east-1", "eu-west-1"]'
      />
      <div id="policy-expression-status" aria-live="polite" className="mt-1 min-h-5 text-sm">
        {error ? (
          <p role="alert" className="text-red-600" data-testid="expression-error">
            {error}
          </p>
        ) : result?.ok ? (
          <p className="flex items-center gap-1 text-xs text-emerald-700">
            <CheckCircle2 className="size-3.5" aria-hidden /> Valid CEL
          </p>
        ) : value.trim() && (check.isFetching || debounced !== value) ? (
          <p className="text-xs text-slate-500">Checking…</p>
        ) : null}
      </div>
    </div>
  );
}
