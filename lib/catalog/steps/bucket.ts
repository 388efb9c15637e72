import { z } from "zod";
import { defineStep } from "../define";
import { numberOrTemplate, provisioning } from "./fields";

export const bucket = defineStep({
  type: "bucket",
  title: "Storage bucket",
  description: "Create an object storage bucket. On the local provider it is a folder in the data directory; simulated clouds keep its settings but hold no objects.",
  category: "storage",
  icon: "Database",
  config: z.strictObject({
    ...provisioning("assets"),
    versioning: z
      .boolean()
      .default(false)
      .describe("Asks the provider to keep every version of an object. Recorded for policies only: neither the local folder nor the simulated clouds keep versions.")
      .meta({ title: "Versioning" }),
    retentionDays: numberOrTemplate(z.number().int().min(0).max(3650))
      .default(0)
      .describe("Delete objects last modified more than this many days ago; 0 keeps them forever. The local provider checks its folder every hour.")
      .meta({ title: "Retention (days)" }),
    publicAccess: z
      .boolean()
      .default(false)
      .describe("Let anyone on the internet read objects without credentials. Policies may forbid it. Recorded only: the local provider serves no bucket to anyone.")
      .meta({ title: "Public access" }),
  }),
  outputs: {
    bucketId: { type: "string", description: "Provider id of the bucket." },
    url: { type: "string", description: "URL to address the bucket, e.g. for a sync command (a file:// URL of the folder on the local provider)." },
  },
  resource: { type: "storage.bucket", action: "create" },
  compensable: true,
});
