/**
 * Step durations are recorded as histogram buckets (counts per pass, per step type), so any time range's
 * p50/p95 comes from summed rollups — percentiles themselves cannot be added up. The quantile is
 * interpolated linearly inside its bucket, as Prometheus's `histogram_quantile` does: exact to within the
 * bucket's width.
 */
export const DURATION_BOUNDS_MS: readonly number[] = [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000];
const LAST_BOUND = 900_000;
export const INF = "+Inf";

/** The upper bound label (`le`) of the bucket a duration falls in. */
export function bucketOf(ms: number): string {
  const bound = DURATION_BOUNDS_MS.find((b) => ms <= b);
  return bound === undefined ? INF : String(bound);
}

/** `q` (0–1) of a histogram given as non-cumulative counts per `le`; null when it is empty. */
export function quantile(q: number, counts: Record<string, number>): number | null {
  const bounds = [...DURATION_BOUNDS_MS.map(String), INF];
  const total = bounds.reduce((sum, le) => sum + (counts[le] ?? 0), 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < bounds.length; i++) {
    const n = counts[bounds[i]!] ?? 0;
    if (n > 0 && seen + n >= rank) {
      // Past the last finite bound nothing is known but "more than it": answer the bound.
      if (bounds[i] === INF) return LAST_BOUND;
      const lower = i === 0 ? 0 : DURATION_BOUNDS_MS[i - 1]!;
      const upper = DURATION_BOUNDS_MS[i]!;
      return lower + (upper - lower) * ((rank - seen) / n);
    }
    seen += n;
  }
  return LAST_BOUND;
}
