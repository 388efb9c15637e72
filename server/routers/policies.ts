import "server-only";
import { policyIdInput, policyInput, setPolicyEnabledInput, testPolicyInput, updatePolicyInput, validateExpressionInput } from "@/lib/policy/schemas";
import { checkExpression, SAMPLE_FACTS, testExpression } from "../policy/evaluate";
import { createPolicy, deletePolicy, getPolicy, listPolicies, setPolicyEnabled, updatePolicy } from "../services/policies";
import { procedure, router } from "../trpc/procedure";

export const policiesRouter = router({
  list: procedure("policies:read").query(({ ctx }) => listPolicies(ctx.db)),
  get: procedure("policies:read")
    .input(policyIdInput)
    .query(({ ctx, input }) => getPolicy(ctx.db, input.id)),
  /** The facts a step is judged on, filled with a plausible example (the editor's test box). */
  sampleFacts: procedure("policies:read").query(() => SAMPLE_FACTS),
  /** CEL syntax check while an admin types. */
  validate: procedure("policies:write")
    .input(validateExpressionInput)
    .query(({ input }) => checkExpression(input.expression)),
  /** An expression (saved or not) on facts the admin edits. */
  test: procedure("policies:write")
    .input(testPolicyInput)
    .query(({ input }) => testExpression(input.expression, input.facts)),
  create: procedure("policies:write")
    .input(policyInput)
    .mutation(async ({ ctx, input }) => {
      const created = await createPolicy(ctx.db, ctx.user.id, input);
      ctx.audit.target = created.id;
      return created;
    }),
  update: procedure("policies:write")
    .input(updatePolicyInput)
    .mutation(({ ctx, input }) => {
      const { id, ...rest } = input;
      return updatePolicy(ctx.db, ctx.user.id, id, rest);
    }),
  setEnabled: procedure("policies:write")
    .input(setPolicyEnabledInput)
    .mutation(({ ctx, input }) => setPolicyEnabled(ctx.db, ctx.user.id, input.id, input.isEnabled)),
  delete: procedure("policies:write")
    .input(policyIdInput)
    .mutation(({ ctx, input }) => deletePolicy(ctx.db, input.id)),
});
