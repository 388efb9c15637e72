import "server-only";
import { z } from "zod";
import { listResources, RESOURCE_STATUSES, teardown } from "../services/resources";
import { procedure, router } from "../trpc/procedure";

const listResourcesInput = z.object({
  provider: z.string().min(1).max(100).optional(),
  type: z.string().min(1).max(100).optional(),
  status: z.enum([...RESOURCE_STATUSES, "live"]).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
const resourceIdInput = z.object({ id: z.uuid("Not a valid resource id.") });

export const resourcesRouter = router({
  list: procedure("resources:read")
    .input(listResourcesInput)
    .query(({ ctx, input }) => listResources(ctx.db, input)),
  teardown: procedure("resources:manage")
    .input(resourceIdInput)
    .mutation(({ ctx, input }) => teardown(ctx.db, input.id)),
});
