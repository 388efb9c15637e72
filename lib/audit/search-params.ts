import { AUDIT_PAGE_SIZES, type AuditFilters } from "./schemas";

/** The filter keys, in the order they appear in a URL (the page's address and the export link). */
export const AUDIT_FILTER_KEYS = ["actor", "action", "target", "outcome", "from", "to"] as const satisfies readonly (keyof AuditFilters)[];
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];
/** Raw filter values as typed or read from a URL; validated with auditFiltersSchema before use. */
export type RawAuditFilters = Partial<Record<AuditFilterKey, string>>;

type ParamsLike = { get(name: string): string | null };

/** The non-empty filter values of a URL's search params (unknown keys ignored). */
export function readAuditFilters(params: ParamsLike): RawAuditFilters {
  const out: RawAuditFilters = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) out[key] = value;
  }
  return out;
}

/** Search params for these filters (empty ones left out), plus `extra` (page, size, format). */
export function auditSearchParams(filters: RawAuditFilters, extra: Record<string, string | number | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== "") params.set(key, String(value));
  return params;
}

/** A page number or size from the URL; anything odd falls back to the first page / the default size. */
export function readPaging(params: ParamsLike): { page: number; pageSize: number } {
  const page = Number(params.get("page"));
  const size = Number(params.get("size"));
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: AUDIT_PAGE_SIZES.find((s) => s === size) ?? 25,
  };
}
