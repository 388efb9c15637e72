import "server-only";
import { changePasswordInput } from "@/lib/users/schemas";
import { changeOwnPassword } from "../services/users";
import { procedure, router } from "../trpc/procedure";

export const meRouter = router({
  get: procedure("self:read").query(({ ctx }) => ctx.user),
  changePassword: procedure("self:update")
    .input(changePasswordInput)
    .mutation(async ({ ctx, input }) => {
      ctx.audit.target = ctx.user.id;
      await changeOwnPassword(ctx.db, ctx.user.id, input.currentPassword, input.newPassword);
      return { ok: true as const };
    }),
});
