import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

type Outputs = inferRouterOutputs<AppRouter>;
/** One row of `runs.list`, as the client receives it (dates revived by superjson). */
export type RunRow = Outputs["runs"]["list"]["items"][number];
/** `runs.get`: the run, its pinned definition, one row per step attempt, and its history. */
export type RunDetailData = Outputs["runs"]["get"];
export type RunStatus = RunRow["status"];
export type StepAttempt = RunDetailData["steps"][number];
export type StepStatus = StepAttempt["status"];
export type RunEvent = RunDetailData["events"][number];

const ACTIVE: readonly RunStatus[] = ["queued", "running", "waiting", "rolling_back"];

/** A run that may still change: the pages poll while one is on screen. */
export function isActiveRun(status: RunStatus): boolean {
  return ACTIVE.includes(status);
}
