import { z } from "zod";
import { defineStep, RESOURCE_TYPES } from "../define";
import { location, reference } from "./fields";

/**
 * Deletes any kind of resource, so its real type is `config.resourceType`; `resource.type` below only
 * names the default. Engines and policies should read the config for this step.
 */
export const deleteResource = defineStep({
  type: "delete-resource",
  title: "Delete resource",
  description: "Delete a resource, e.g. the old group after a blue/green switch. Cannot be undone by rollback.",
  category: "deploy",
  icon: "Trash2",
  config: z.strictObject({
    ...location,
    resourceType: z.enum(RESOURCE_TYPES).default("compute.group").describe("Kind of resource to delete.").meta({ title: "Resource type" }),
    resource: reference("Resource", "${{ inputs.blue_group_id }} or ${{ steps.old.outputs.groupId }}"),
    ifMissing: z
      .enum(["succeed", "fail"])
      .default("succeed")
      .describe("succeed treats a resource that is already gone as done (existed is then false); fail fails the step instead. A retried attempt that deleted it counts as having deleted it either way.")
      .meta({ title: "If it does not exist" }),
  }),
  outputs: {
    resourceId: { type: "string", description: "Id of the deleted resource." },
    existed: { type: "boolean", description: "False when there was nothing to delete." },
  },
  resource: { type: "compute.group", action: "delete" },
  compensable: false,
});
