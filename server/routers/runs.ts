import "server-only";
import { approvalInput, listRunsInput, rerunInput, runIdInput, startRunInput } from "@/lib/runs/schemas";
import { approve, cancel, getRun, listRuns, startRun } from "../services/runs";
import { procedure, router } from "../trpc/procedure";

export const runsRouter = router({
  list: procedure("runs:read")
    .input(listRunsInput)
    .query(({ ctx, input }) => listRuns(ctx.db, input)),
  get: procedure("runs:read")
    .input(runIdInput)
    .query(({ ctx, input }) => getRun(ctx.db, input.id)),
  start: procedure("runs:start")
    .input(startRunInput)
    .mutation(async ({ ctx, input }) => {
      const run = await startRun(ctx.db, ctx.user, input);
      ctx.audit.target = run.id;
      return run;
    }),
  rerun: procedure("runs:start")
    .input(rerunInput)
    .mutation(async ({ ctx, input }) => {
      const previous = await getRun(ctx.db, input.id);
      const run = await startRun(ctx.db, ctx.user, { workflowId: previous.workflowId, inputs: previous.inputs, rerunOf: { runId: input.id, fromStep: input.fromStep } });
      ctx.audit.target = run.id;
      return run;
    }),
  cancel: procedure("runs:cancel")
    .input(runIdInput)
    .mutation(({ ctx, input }) => cancel(ctx.db, input.id)),
  approve: procedure("runs:approve")
    .input(approvalInput)
    .mutation(({ ctx, input }) => approve(ctx.db, ctx.user, input)),
});
