import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

/** One row of `resources.list` (dates revived by superjson). */
export type ResourceRow = inferRouterOutputs<AppRouter>["resources"]["list"]["items"][number];
export type ResourceStatus = ResourceRow["status"];
export type StatusFilter = NonNullable<inferRouterInputs<AppRouter>["resources"]["list"]["status"]> | "all";

export const STATUS_FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: "all", label: "All statuses" },
  { value: "live", label: "Live (not deleted)" },
  { value: "creating", label: "Creating" },
  { value: "ready", label: "Ready" },
  { value: "updating", label: "Updating" },
  { value: "deleting", label: "Deleting" },
  { value: "deleted", label: "Deleted" },
  { value: "failed", label: "Failed" },
  { value: "lost", label: "Lost" },
];
