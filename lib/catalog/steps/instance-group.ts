import { z } from "zod";
import { defineStep } from "../define";
import { imageField, numberOrTemplate, portField, provisioning, reference, sizeField, stringMap } from "./fields";

const COUNT = z.number().int().min(0).max(100);

// Only the desired count takes a template (run inputs, feedback rules); bounds are design-time choices.
const bound = (title: string, fallback: number, help: string) => COUNT.default(fallback).describe(help).meta({ title });

export const instanceGroup = defineStep({
  type: "instance-group",
  title: "Instance group",
  description: "Create a group of identical instances kept between a minimum and a maximum size.",
  category: "compute",
  icon: "Boxes",
  config: z
    .strictObject({
      ...provisioning("app-servers"),
      size: sizeField,
      image: imageField,
      port: portField("App port", 8080, "Port the app listens on in every instance. The local provider gives each instance a free host port in $PORT instead."),
      subnet: reference("Subnet", "${{ steps.app_subnet.outputs.subnetId }}. Empty uses the provider's default network."),
      env: stringMap("Environment", "Variables for the app on every instance, e.g. DATABASE_HOST=${{ steps.database.outputs.privateIp }}."),
      min: bound("Minimum", 1, "Never scale below this many instances."),
      desired: numberOrTemplate(COUNT)
        .default(2)
        .describe("How many instances to start with, e.g. 3 or ${{ inputs.instance_count }}.")
        .meta({ title: "Desired" }),
      max: bound("Maximum", 4, "Never scale above this many instances (at most 100)."),
    })
    .superRefine((config, ctx) => {
      const { min, desired, max } = config;
      // A templated desired count is only known at run time; the engine re-checks the resolved config.
      if (typeof desired === "number" && min > desired) {
        ctx.addIssue({ code: "custom", path: ["min"], message: `must not exceed the desired count (${desired})` });
      }
      if (typeof desired === "number" && desired > max) {
        ctx.addIssue({ code: "custom", path: ["max"], message: `must be at least the desired count (${desired})` });
      }
      // With a literal desired count, min > max already shows up as one of the two issues above.
      if (typeof desired !== "number" && min > max) {
        ctx.addIssue({ code: "custom", path: ["max"], message: `must be at least the minimum (${min})` });
      }
    }),
  outputs: {
    groupId: { type: "string", description: "Provider id of the group." },
    instanceIds: { type: "list", description: "Ids of the running instances." },
    size: { type: "number", description: "Number of running instances." },
  },
  resource: { type: "compute.group", action: "create" },
  compensable: true,
});
