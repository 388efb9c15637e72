import { z } from "zod";
import { defineStep } from "../define";
import { numberOrTemplate, provisioning } from "./fields";

export const bucket = defineStep({
  type: "bucket",
  title: "Storage bucket",
  description: "Create an object storage bucket. On the local provider it is a folder in the data directory.",
  category: "storage",
  icon: "Database",
  config: z.strictObject({
    ...provisioning("assets"),
    versioning: z
      .boolean()
      .default(false)
      .describe("Keep every version of an object so overwrites and deletes can be undone.")
      .meta({ title: "Versioning" }),
    retentionDays: numberOrTemplate(z.number().int().min(0).max(3650))
      .default(0)
      .describe("Delete objects (and old versions) after this many days; 0 keeps them forever.")
      .meta({ title: "Retention (days)" }),
    publicAccess: z
      .boolean()
      .default(false)
      .describe("Let anyone on the internet read objects without credentials. Policies may forbid it.")
      .meta({ title: "Public access" }),
  }),
  outputs: {
    bucketId: { type: "string", description: "Provider id of the bucket." },
    url: { type: "string", description: "URL to address the bucket, e.g. for a sync command." },
  },
  resource: { type: "storage.bucket", action: "create" },
  compensable: true,
});
