import "server-only";
import {
  archiveWorkflowInput,
  createWorkflowInput,
  exportWorkflowInput,
  importWorkflowInput,
  listVersionsInput,
  listWorkflowsInput,
  renameWorkflowInput,
  restoreVersionInput,
  saveWorkflowInput,
  versionInput,
  workflowIdInput,
} from "@/lib/workflows/schemas";
import { checkDefinitionInput } from "@/lib/policy/schemas";
import { definitionSchema } from "@/lib/workflow/schema";
import { checkDefinition } from "../policy/gate";
import { exportWorkflowFile, getVersion, importWorkflowFile, listVersions, restoreVersion, saveVersion } from "../services/workflow-versions";
import { createWorkflow, deleteWorkflow, duplicateWorkflow, getWorkflow, listWorkflows, renameWorkflow, setArchived } from "../services/workflows";
import { procedure, router } from "../trpc/procedure";

export const workflowsRouter = router({
  list: procedure("workflows:read")
    .input(listWorkflowsInput)
    .query(({ ctx, input }) => listWorkflows(ctx.db, input)),
  get: procedure("workflows:read")
    .input(workflowIdInput)
    .query(({ ctx, input }) => getWorkflow(ctx.db, input.id)),
  create: procedure("workflows:write")
    .input(createWorkflowInput)
    .mutation(async ({ ctx, input }) => {
      const created = await createWorkflow(ctx.db, ctx.user.id, input);
      ctx.audit.target = created.id;
      return created;
    }),
  rename: procedure("workflows:write")
    .input(renameWorkflowInput)
    .mutation(({ ctx, input }) => renameWorkflow(ctx.db, ctx.user.id, input)),
  duplicate: procedure("workflows:write")
    .input(workflowIdInput)
    .mutation(async ({ ctx, input }) => {
      const copy = await duplicateWorkflow(ctx.db, ctx.user.id, input.id);
      ctx.audit.target = copy.id;
      return copy;
    }),
  setArchived: procedure("workflows:write")
    .input(archiveWorkflowInput)
    .mutation(({ ctx, input }) => setArchived(ctx.db, ctx.user.id, input.id, input.isArchived)),
  delete: procedure("workflows:delete")
    .input(workflowIdInput)
    .mutation(({ ctx, input }) => deleteWorkflow(ctx.db, input.id)),
  save: procedure("workflows:write")
    .input(saveWorkflowInput)
    .mutation(({ ctx, input }) => saveVersion(ctx.db, ctx.user.id, input)),
  versions: procedure("workflows:read")
    .input(listVersionsInput)
    .query(({ ctx, input }) => listVersions(ctx.db, input)),
  version: procedure("workflows:read")
    .input(versionInput)
    .query(({ ctx, input }) => getVersion(ctx.db, input.id, input.number)),
  restore: procedure("workflows:write")
    .input(restoreVersionInput)
    .mutation(({ ctx, input }) => restoreVersion(ctx.db, ctx.user.id, input)),
  import: procedure("workflows:write")
    .input(importWorkflowInput)
    .mutation(async ({ ctx, input }) => {
      const created = await importWorkflowFile(ctx.db, ctx.user.id, input);
      ctx.audit.target = created.id;
      return created;
    }),
  /** The designer's live policy check of the definition being edited (issue 6): results per step. */
  checkPolicies: procedure("workflows:read")
    .input(checkDefinitionInput)
    .query(({ ctx, input }) => {
      const parsed = definitionSchema.safeParse(input.definition);
      // A definition that does not parse has its own problems listed by the designer's validator.
      if (!parsed.success) return { nodes: {}, blocking: [] };
      return checkDefinition(ctx.db, parsed.data, { workflow: { id: input.workflowId ?? "", name: input.name }, actorRole: ctx.user.role });
    }),
  export: procedure("workflows:read")
    .input(exportWorkflowInput)
    .query(({ ctx, input }) => exportWorkflowFile(ctx.db, input)),
});
