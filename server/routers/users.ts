import "server-only";
import {
  createUserInput,
  listUsersInput,
  setDisabledInput,
  setRoleInput,
  userIdInput,
} from "@/lib/users/schemas";
import { createUser, getUser, listUsers, resetPassword, setDisabled, setRole } from "../services/users";
import { procedure, router } from "../trpc/procedure";

export const usersRouter = router({
  list: procedure("users:read")
    .input(listUsersInput)
    .query(({ ctx, input }) => listUsers(ctx.db, input)),
  get: procedure("users:read")
    .input(userIdInput)
    .query(({ ctx, input }) => getUser(ctx.db, input.id)),
  create: procedure("users:manage")
    .input(createUserInput)
    .mutation(async ({ ctx, input }) => {
      const result = await createUser(ctx.db, input);
      ctx.audit.target = result.user.id;
      return result;
    }),
  setRole: procedure("users:manage")
    .input(setRoleInput)
    .mutation(({ ctx, input }) => setRole(ctx.db, input.id, input.role)),
  setDisabled: procedure("users:manage")
    .input(setDisabledInput)
    .mutation(({ ctx, input }) => setDisabled(ctx.db, ctx.user.id, input.id, input.isDisabled)),
  resetPassword: procedure("users:manage")
    .input(userIdInput)
    .mutation(({ ctx, input }) => resetPassword(ctx.db, input.id)),
});
