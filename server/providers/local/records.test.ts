import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectProviderError } from "../conformance";
import { localFixture } from "./test-support";

const local = localFixture("records");
let n = 0;
const key = () => `k${++n}`;

describe("local networks", () => {
  it("validates CIDRs: containment, subnet overlap within a network and the parent's subnets", async () => {
    const d = local.driver();
    const vpc = local.track(await d.create("network.vpc", { name: "main", region: "local", cidr: "10.0.0.0/8" }, { idempotencyKey: key() }));
    // Two networks may overlap (as in the clouds); the subnets of one may not.
    local.track(await d.create("network.vpc", { name: "other", region: "local", cidr: "10.1.0.0/16" }, { idempotencyKey: key() }));
    await expectProviderError(d.create("network.vpc", { name: "bad", region: "local", cidr: "10.0.0.0/33" }, { idempotencyKey: key() }), "INVALID_SPEC", /cidr/);
    const app = local.track(await d.create("network.subnet", { name: "app", region: "local", vpc: vpc.externalId, cidr: "10.0.0.0/16" }, { idempotencyKey: key() }));
    expect(app.attributes).toMatchObject({ subnetId: app.externalId, vpcId: vpc.externalId, cidr: "10.0.0.0/16" });
    await expectProviderError(
      d.create("network.subnet", { name: "web", region: "local", vpc: vpc.externalId, cidr: "10.0.1.0/24" }, { idempotencyKey: key() }),
      "CONFLICT",
      "10.0.1.0/24 overlaps subnet app (10.0.0.0/16)",
    );
    await expectProviderError(d.create("network.subnet", { name: "out", region: "local", vpc: vpc.externalId, cidr: "192.168.0.0/24" }, { idempotencyKey: key() }), "INVALID_SPEC", "192.168.0.0/24 is not inside vpc main (10.0.0.0/8)");
    await expectProviderError(d.create("network.subnet", { name: "lost", region: "local", vpc: "vpc-nope", cidr: "10.2.0.0/16" }, { idempotencyKey: key() }), "INVALID_SPEC", "vpc-nope");
    await expectProviderError(d.delete("network.vpc", vpc.externalId, { idempotencyKey: key() }), "CONFLICT", /still has subnets: app/);
    const rule = local.track(await d.create("network.firewall", { name: "https", region: "local", target: vpc.externalId, sourceCidrs: ["203.0.113.0/24"] }, { idempotencyKey: key() }));
    expect(rule.attributes).toMatchObject({ ruleId: rule.externalId, fromPort: 443, sourceCidrs: ["203.0.113.0/24"] });
    expect(await d.metrics("network.vpc", vpc.externalId)).toEqual({ addresses: 2 ** 24, subnets: 1 });
  });

  it("creates a DNS record, and repoints it when the name exists, reporting the old value", async () => {
    const d = local.driver();
    const first = local.track(await d.create("dns.record", { name: "app", region: "local", value: "blue.example.com" }, { idempotencyKey: key() }));
    expect(first.attributes).toMatchObject({ fqdn: "app.stratus.local", recordType: "CNAME", value: "blue.example.com", previousValue: "" });
    const repointed = await d.create("dns.record", { name: "app", region: "local", value: "green.example.com" }, { idempotencyKey: key() });
    expect(repointed.externalId).toBe(first.externalId);
    expect(repointed.attributes).toMatchObject({ value: "green.example.com", previousValue: "blue.example.com", previous: { value: "blue.example.com", ttlSeconds: 60 } });
    // An update reports what it replaced the same way (providers/previous.ts), once per idempotency key.
    const updated = await d.update("dns.record", first.externalId, { value: "red.example.com", ttlSeconds: 300 }, { idempotencyKey: "dns-update" });
    expect(updated.attributes).toMatchObject({ value: "red.example.com", ttlSeconds: 300, previousValue: "green.example.com", previous: { value: "green.example.com", ttlSeconds: 60 } });
    const replayed = await d.update("dns.record", first.externalId, { value: "red.example.com", ttlSeconds: 300 }, { idempotencyKey: "dns-update" });
    expect(replayed.attributes.previous).toEqual({ value: "green.example.com", ttlSeconds: 60 });
    await expectProviderError(d.create("dns.record", { name: "db", region: "local", recordType: "A", value: "db.example.com" }, { idempotencyKey: key() }), "INVALID_SPEC", /IPv4/);
  });
});

describe("local buckets", () => {
  it("is a folder with a file:// url; objects are files; delete removes it", async () => {
    const d = local.driver();
    const bucket = await d.create("storage.bucket", { name: "assets", region: "local", versioning: true }, { idempotencyKey: key() });
    const folder = fileURLToPath(String(bucket.attributes.url));
    expect(folder.startsWith(local.dataDir())).toBe(true);
    writeFileSync(path.join(folder, "hello.txt"), "hello");
    expect(await d.metrics("storage.bucket", bucket.externalId)).toEqual({ objects: 1, sizeBytes: 5 });
    await d.delete("storage.bucket", bucket.externalId, { idempotencyKey: key() });
    expect(existsSync(folder)).toBe(false);
    await d.delete("storage.bucket", bucket.externalId, { idempotencyKey: key() });
  });
});
