import { z } from "zod";
import { defineStep } from "../define";
import { provisioning, reference } from "./fields";

export const dnsRecord = defineStep({
  type: "dns-record",
  title: "DNS record",
  description: "Create or repoint a DNS record, e.g. to fail traffic over to another region. Rollback restores the old value.",
  category: "network",
  icon: "Signpost",
  config: z.strictObject({
    ...provisioning("app"),
    zone: z
      .string()
      .trim()
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, "must be a domain such as example.com")
      .default("stratus.local")
      .describe("DNS zone the record lives in; the record is <name>.<zone>.")
      .meta({ title: "Zone" }),
    recordType: z.enum(["A", "AAAA", "CNAME"]).default("CNAME").describe("CNAME for host names, A/AAAA for addresses.").meta({ title: "Type" }),
    value: reference("Value", "${{ steps.lb.outputs.dnsName }}"),
    ttlSeconds: z
      .number()
      .int()
      .min(30)
      .max(86_400)
      .default(60)
      .describe("How long resolvers cache the answer. Keep it short for records you fail over.")
      .meta({ title: "TTL (s)" }),
  }),
  outputs: {
    recordId: { type: "string", description: "Provider id of the record." },
    fqdn: { type: "string", description: "Full name of the record, e.g. app.stratus.local." },
    previousValue: { type: "string", description: "What the record pointed at before, empty if it is new." },
  },
  // An upsert: it changes the record when it exists, which is the usual failover case.
  resource: { type: "dns.record", action: "update" },
  compensable: true,
});
