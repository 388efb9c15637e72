import "server-only";
import { router } from "../trpc/procedure";
import { auditRouter } from "./audit";
import { meRouter } from "./me";
import { metricsRouter } from "./metrics";
import { policiesRouter } from "./policies";
import { providerAccountsRouter } from "./provider-accounts";
import { resourcesRouter } from "./resources";
import { usersRouter } from "./users";
import { runsRouter } from "./runs";
import { workflowsRouter } from "./workflows";

/** The root router: one sub-router per domain. Later features (workflows, runs, …) add theirs here. */
export const appRouter = router({
  me: meRouter,
  users: usersRouter,
  audit: auditRouter,
  workflows: workflowsRouter,
  runs: runsRouter,
  resources: resourcesRouter,
  providerAccounts: providerAccountsRouter,
  metrics: metricsRouter,
  policies: policiesRouter,
});

export type AppRouter = typeof appRouter;
