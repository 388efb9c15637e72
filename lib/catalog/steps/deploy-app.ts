import { z } from "zod";
import { defineStep } from "../define";
import { location, reference } from "./fields";

export const deployApp = defineStep({
  type: "deploy-app",
  title: "Deploy app",
  description: "Roll a new version of the app out to an instance or a group. Rollback redeploys the previous version.",
  category: "deploy",
  icon: "Rocket",
  config: z.strictObject({
    ...location,
    target: reference("Target", "${{ steps.app_servers.outputs.groupId }} or ${{ steps.web.outputs.instanceId }}"),
    artifact: z
      .string()
      .trim()
      .min(1, "is required")
      .max(500)
      .default("sample-web")
      .describe("Image or artifact to roll out, e.g. ${{ inputs.app_image }}. The local provider runs the sample app in place of anything but sample-web[:tag].")
      .meta({ title: "Artifact" }),
    strategy: z
      .enum(["rolling", "all-at-once"])
      .default("rolling")
      .describe("rolling starts a batch of new instances before it stops as many old ones, and stops at the first new instance that does not start and answer on its port; all-at-once stops them all first (downtime). A single instance is restarted either way; simulated clouds switch at once and record the strategy.")
      .meta({ title: "Strategy" }),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(1)
      .describe("Instances replaced at a time in a rolling deploy (recorded only on simulated clouds).")
      .meta({ title: "Batch size" }),
  }),
  outputs: {
    deploymentId: { type: "string", description: "Id of this deployment." },
    artifact: { type: "string", description: "What is now deployed." },
    previousArtifact: { type: "string", description: "What was deployed before, used by rollback." },
    updatedInstances: { type: "number", description: "How many instances now run the new artifact." },
  },
  // It changes its target: providers keep each rollout as an app.deployment record of what replaced what.
  resource: { type: "app.deployment", action: "update" },
  compensable: true,
});
