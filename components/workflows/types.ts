import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

/** One row of `workflows.list`, as the client receives it (dates revived by superjson). */
export type WorkflowRow = inferRouterOutputs<AppRouter>["workflows"]["list"]["items"][number];

/** What the list and the new-workflow dialog show of a template (its definition stays on the server). */
export type TemplateSummary = { id: string; name: string; description: string };
