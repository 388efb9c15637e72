import "server-only";
import { approvalInput, listRunsInput, rerunInput, runIdInput, startRunInput } from "@/lib/runs/schemas";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { approve, cancel, getRun, rollback, startRun } from "../services/runs";
import { listRunsFor, waitingForPanel } from "../services/approvals";
import { runDelta, watchRun, watchRuns } from "../services/run-stream";
import { procedure, router } from "../trpc/procedure";

export const runsRouter = router({
  list: procedure("runs:read")
    .input(listRunsInput)
    .query(({ ctx, input }) => listRunsFor(ctx.db, ctx.user.role, input)),
  /**
   * The steps waiting for the caller's decision (the dashboard's panel). Reading is all it does, so it
   * needs `runs:read`; who may decide what is the approval rule's answer — a viewer's list is empty.
   */
  waitingForMe: procedure("runs:read").query(({ ctx }) => waitingForPanel(ctx.db, ctx.user.role)),
  get: procedure("runs:read")
    .input(runIdInput)
    .query(({ ctx, input }) => getRun(ctx.db, input.id)),
  /**
   * The run's changes after `afterSeq` (the last history entry the client has), live. Each message is
   * tracked by its seq, so a reconnecting client resumes from the last one it received (`lastEventId`).
   */
  watch: procedure("runs:read")
    .input(runIdInput.extend({ afterSeq: z.number().int().min(0).default(0), lastEventId: z.string().regex(/^\d{1,15}$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const from = input.lastEventId ? Number(input.lastEventId) : input.afterSeq;
      await runDelta(ctx.db, input.id, from); // an unknown run fails here, before the stream opens
      for await (const delta of watchRun(ctx.db, input.id, from, signal)) yield tracked(String(delta.seq), delta);
    }),
  /** Status changes of all runs, batched (runs list, dashboard). */
  changes: procedure("runs:read").subscription(async function* ({ signal }) {
    yield* watchRuns(signal);
  }),
  start: procedure("runs:start")
    .input(startRunInput)
    .mutation(async ({ ctx, input }) => {
      // A refused start (policies, bad inputs) is on record against the workflow; a started one, its run.
      ctx.audit.target = input.workflowId;
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
  rollback: procedure("runs:rollback")
    .input(runIdInput)
    .mutation(({ ctx, input }) => rollback(ctx.db, input.id)),
  approve: procedure("runs:approve")
    .input(approvalInput)
    .mutation(({ ctx, input }) => approve(ctx.db, ctx.user, input)),
});
