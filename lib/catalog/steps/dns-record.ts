import { z } from "zod";
import { defineStep } from "../define";
import { provisioning, reference } from "./fields";

export const dnsRecord = defineStep({
  type: "dns-record",
  title: "DNS record",
  description: "Create or repoint a DNS record, e.g. to fail traffic over to another region. Rollback restores the old value, or deletes the record if this step created it. Local and simulated records are kept, but no DNS server answers for them.",
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
    action: { type: "string", description: "created when the record was new, updated when it existed; rollback deletes or restores it accordingly." },
    previousValue: { type: "string", description: "What the record pointed at before, empty if it is new." },
    previousTtlSeconds: { type: "number", description: "The record's TTL before, 0 if it is new." },
    previousRecordType: { type: "string", description: "The record's type before (A, AAAA or CNAME), empty if it is new." },
  },
  // An upsert: it changes the record when it exists (the usual failover case) and creates it otherwise. Tags
  // apply to a record it creates; an existing record keeps its own.
  resource: { type: "dns.record", action: "update" },
  compensable: true,
});
