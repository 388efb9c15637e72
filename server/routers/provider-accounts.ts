import "server-only";
import {
  createProviderAccountInput,
  providerAccountIdInput,
  updateProviderAccountInput,
} from "@/lib/providers/accounts";
import {
  createProviderAccount,
  deleteProviderAccount,
  getProviderAccount,
  listProviderAccounts,
  updateProviderAccount,
} from "../services/provider-accounts";
import { procedure, router } from "../trpc/procedure";

/** Admin only. Secrets go in (and are audited as "[redacted]"); they never come back out. */
export const providerAccountsRouter = router({
  list: procedure("credentials:manage").query(({ ctx }) => listProviderAccounts(ctx.db)),
  get: procedure("credentials:manage")
    .input(providerAccountIdInput)
    .query(({ ctx, input }) => getProviderAccount(ctx.db, input.id)),
  create: procedure("credentials:manage")
    .input(createProviderAccountInput)
    .mutation(async ({ ctx, input }) => {
      const account = await createProviderAccount(ctx.db, input);
      ctx.audit.target = account.id;
      return account;
    }),
  update: procedure("credentials:manage")
    .input(updateProviderAccountInput)
    .mutation(({ ctx, input }) => updateProviderAccount(ctx.db, input)),
  delete: procedure("credentials:manage")
    .input(providerAccountIdInput)
    .mutation(({ ctx, input }) => deleteProviderAccount(ctx.db, input.id)),
});
