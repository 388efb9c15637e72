import { z } from "zod";
import { defineStep } from "../define";
import { location, numberOrTemplate, reference } from "./fields";

export const scaleGroup = defineStep({
  type: "scale-group",
  title: "Scale group",
  description: "Change how many instances an existing group runs. Rollback restores the previous size.",
  category: "compute",
  icon: "Scaling",
  config: z.strictObject({
    ...location,
    group: reference("Group", "${{ steps.app_servers.outputs.groupId }}, or a group id"),
    desired: numberOrTemplate(z.number().int().min(0).max(100))
      .default(2)
      .describe("New instance count. It must lie within the group's minimum and maximum, otherwise the step fails.")
      .meta({ title: "Desired" }),
  }),
  outputs: {
    groupId: { type: "string", description: "Provider id of the group." },
    instanceIds: { type: "list", description: "Ids of the running instances after scaling." },
    size: { type: "number", description: "Number of running instances after scaling." },
    previousSize: { type: "number", description: "The desired count before this step, which rollback restores." },
  },
  resource: { type: "compute.group", action: "update" },
  compensable: true,
});
