import "server-only";
import { z } from "zod";
import { TIME_RANGES, timeRangeSchema } from "@/lib/metrics/ranges";
import { resourceSeries, runsOverTime, stepDurations } from "../metrics/charts";
import { dashboardKpis } from "../metrics/kpis";
import { measuredResources, recentActivity } from "../metrics/lists";
import { watchMetrics } from "../metrics/live";
import { procedure, router } from "../trpc/procedure";

const rangeInput = z.object({ range: timeRangeSchema.default("24h") });
const sinceOf = (range: keyof typeof TIME_RANGES, now = new Date()) => new Date(now.getTime() - TIME_RANGES[range].seconds * 1000);

export const metricsRouter = router({
  /** `todayStart` is the viewer's local midnight, so "today" is theirs. */
  kpis: procedure("metrics:read")
    .input(rangeInput.extend({ todayStart: z.date() }))
    .query(({ ctx, input }) => dashboardKpis(ctx.db, { since: sinceOf(input.range), todayStart: input.todayStart })),
  runsOverTime: procedure("metrics:read")
    .input(rangeInput)
    .query(({ ctx, input }) => {
      const now = new Date();
      return runsOverTime(ctx.db, { since: sinceOf(input.range, now), now, bucketSeconds: TIME_RANGES[input.range].bucketSeconds });
    }),
  stepDurations: procedure("metrics:read")
    .input(rangeInput)
    .query(({ ctx, input }) => stepDurations(ctx.db, sinceOf(input.range))),
  resources: procedure("metrics:read").query(({ ctx }) => measuredResources(ctx.db)),
  /** The last hour is charted from raw samples (every pass), longer ranges from the per-minute rollups. */
  resourceSeries: procedure("metrics:read")
    .input(rangeInput.extend({ resourceIds: z.array(z.uuid()).max(8).default([]) }))
    .query(({ ctx, input }) =>
      resourceSeries(ctx.db, { resourceIds: input.resourceIds, since: sinceOf(input.range), bucketSeconds: input.range === "1h" ? null : TIME_RANGES[input.range].bucketSeconds }),
    ),
  recent: procedure("metrics:read")
    .input(rangeInput.extend({ limit: z.number().int().min(1).max(50).default(8) }))
    .query(({ ctx, input }) => recentActivity(ctx.db, { since: sinceOf(input.range), limit: input.limit })),
  /** A tick whenever samples were written or a run changed; the dashboard reads its queries again. */
  live: procedure("metrics:read").subscription(async function* ({ signal }) {
    yield* watchMetrics(signal);
  }),
});
