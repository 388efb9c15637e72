import "server-only";
import { z } from "zod";
import { previousAttributes } from "../previous";
import { ProviderError } from "../types";
import { isHostName, isIpv4, isIpv6 } from "./cidr";
import { type Handler, parseSpec, recordsOf } from "./runtime";
import type { LocalRecord } from "./store";

// A DNS record on this host is a record in the state file: nothing resolves it. Creating a record whose
// name already exists repoints it (the failover case) and reports the value it had.

const ZONE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

const valueFields = {
  recordType: z.enum(["A", "AAAA", "CNAME"]).default("CNAME"),
  value: z.string().trim().min(1, "is required").max(2000),
  ttlSeconds: z.number().int().min(30).max(86_400).default(60),
};

const dnsSpecSchema = z.object({ name: z.string().trim().min(1), zone: z.string().trim().regex(ZONE, "must be a domain such as example.com").default("stratus.local"), ...valueFields });
/** Changes (and the upsert of an existing name) may set the value, its type and the TTL. */
const changesSchema = z.object({ recordType: valueFields.recordType.optional(), value: valueFields.value.optional(), ttlSeconds: valueFields.ttlSeconds.optional() });

function checkValue(recordType: "A" | "AAAA" | "CNAME", value: string): void {
  const isValid = recordType === "A" ? isIpv4(value) : recordType === "AAAA" ? isIpv6(value) : isHostName(value);
  if (!isValid) {
    const expected = recordType === "A" ? "an IPv4 address" : recordType === "AAAA" ? "an IPv6 address" : "a host name";
    throw new ProviderError("INVALID_SPEC", `local dns.record: a ${recordType} record needs ${expected}, got ${value}.`);
  }
}

function fqdnOf(spec: { name: string; zone: string }): string {
  return `${spec.name}.${spec.zone}`;
}

export const dnsHandler: Handler = {
  prefix: "dns",
  check(_rt, spec) {
    const parsed = parseSpec(dnsSpecSchema, spec, "dns.record");
    checkValue(parsed.recordType, parsed.value);
  },
  findExisting(rt, spec) {
    const parsed = parseSpec(dnsSpecSchema, spec, "dns.record");
    return recordsOf(rt, "dns.record").find((r: LocalRecord) => r.attributes.fqdn === fqdnOf(parsed) && r.status !== "failed");
  },
  async create(_rt, record) {
    const parsed = parseSpec(dnsSpecSchema, record.spec, "dns.record");
    record.attributes = { recordId: record.externalId, fqdn: fqdnOf(parsed), recordType: parsed.recordType, value: parsed.value, ttlSeconds: parsed.ttlSeconds, previousValue: "", isResolvable: false };
    await Promise.resolve();
  },
  async update(_rt, record, changes) {
    const parsed = parseSpec(changesSchema, changes, "dns.record update");
    const current = parseSpec(z.object(valueFields), record.attributes, "dns.record");
    const next = { ...current, ...parsed };
    checkValue(next.recordType, next.value);
    record.spec = { ...record.spec, ...parsed };
    // Also reached by a create that upserts an existing name, so it reports what it replaced itself.
    const replaced = Object.fromEntries(Object.keys(parsed).map((k) => [k, current[k as keyof typeof current]]));
    record.attributes = { ...record.attributes, ...next, ...previousAttributes(replaced), previousValue: current.value };
    await Promise.resolve();
  },
  async delete() {},
  metrics(_rt, record) {
    return Promise.resolve({ ttlSeconds: typeof record.attributes.ttlSeconds === "number" ? record.attributes.ttlSeconds : 0 });
  },
};
