import "server-only";
import { addAllowEntry, addAllowEntryInput, allowEntryIdInput, listAllowEntries, removeAllowEntry } from "../net/allow-list";
import { procedure, router } from "../trpc/procedure";

/** Admin → Network: destinations steps may reach although the SSRF guard would refuse them. */
export const egressRouter = router({
  list: procedure("settings:manage").query(({ ctx }) => listAllowEntries(ctx.db)),
  add: procedure("settings:manage")
    .input(addAllowEntryInput)
    .mutation(async ({ ctx, input }) => {
      const entry = await addAllowEntry(ctx.db, input, ctx.user.id);
      ctx.audit.target = entry.pattern;
      return entry;
    }),
  remove: procedure("settings:manage")
    .input(allowEntryIdInput)
    .mutation(({ ctx, input }) => removeAllowEntry(ctx.db, input.id)),
});
