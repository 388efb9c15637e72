import "server-only";
import { listAuditInput } from "@/lib/audit/schemas";
import { listAudit } from "../services/audit";
import { procedure, router } from "../trpc/procedure";

export const auditRouter = router({
  list: procedure("audit:read")
    .input(listAuditInput)
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
});
