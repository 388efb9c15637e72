import "server-only";
import { listAuditInput } from "@/lib/audit/schemas";
import { listAudit, listAuditActions } from "../services/audit";
import { procedure, router } from "../trpc/procedure";

export const auditRouter = router({
  list: procedure("audit:read")
    .input(listAuditInput)
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
  /** Action names seen so far, offered as suggestions by the page's action filter. */
  actions: procedure("audit:read").query(({ ctx }) => listAuditActions(ctx.db)),
});
