import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { simObjects } from "@/db/schema";
import { withTestDatabase } from "@/test/db";
import { expectProviderError, runConformance } from "../conformance";
import { createProviders, PROVIDER_LABELS } from "../index";
import type { ProviderContext } from "../types";
import { createSimDriver, SIM_PROVIDER_IDS, type SimOptions, type SimProviderId } from ".";

const getDatabase = withTestDatabase();
const context = (now = () => new Date()): ProviderContext => ({ db: getDatabase().db, dataDir: process.env.STRATUS_DATA_DIR ?? "", now });
const sim = (id: SimProviderId = "aws-sim", options: SimOptions = {}, now?: () => Date) => createSimDriver(id, context(now), { latencyMs: 0, ...options });

for (const id of SIM_PROVIDER_IDS) runConformance(id, () => Promise.resolve({ driver: sim(id) }));

describe("simulated clouds", () => {
  it("look like their clouds: regions, machine types, prices and bucket urls", async () => {
    const aws = sim("aws-sim");
    expect(aws).toMatchObject({ label: "AWS (simulated)", isSimulated: true });
    expect(aws.regions).toContain("us-east-1");
    expect(sim("azure-sim").regions).toContain("westeurope");
    expect(sim("gcp-sim").regions).toContain("europe-west1");
    const small = await aws.create("compute.instance", { name: "web", region: "us-east-1" }, { idempotencyKey: "looks:1" });
    expect(small.attributes).toMatchObject({ instanceType: "t3.small", vcpus: 2, memoryGiB: 2 });
    expect(small.externalId).toMatch(/^i-[0-9a-f]{12}$/);
    expect(small.costPerHour).toBe(0.0208);
    const dublin = await aws.create("compute.instance", { name: "web", region: "eu-west-1", size: "large" }, { idempotencyKey: "looks:2" });
    expect(dublin.costPerHour).toBe(0.2112);
    const azure = await sim("azure-sim").create("storage.bucket", { name: "assets", region: "westeurope" }, { idempotencyKey: "looks:3" });
    expect(azure.attributes.url).toMatch(/^https:\/\/assets[0-9a-f]+\.blob\.azure-sim\.internal\/assets-[0-9a-f]{12}$/);
    const gcp = await sim("gcp-sim").create("storage.bucket", { name: "assets", region: "us-central1" }, { idempotencyKey: "looks:4" });
    expect(gcp.attributes.url).toBe(`gs://${gcp.externalId}`);
  });

  it("are offered by the registry with the local and noop providers, each labelled for the UI", async () => {
    const providers = createProviders(context(), { sim: { latencyMs: 0 } });
    try {
      expect(Object.keys(providers).sort()).toEqual(["aws-sim", "azure-sim", "gcp-sim", "local", "noop"]);
      for (const driver of Object.values(providers)) {
        expect(PROVIDER_LABELS).toHaveProperty(driver.id);
        if (driver.id !== "local") expect(driver.isSimulated).toBe(true);
      }
      expect(await providers["aws-sim"]?.list("network.vpc")).toEqual([]);
    } finally {
      for (const driver of Object.values(providers)) await driver.close?.();
    }
  });

  it("keeps its state across a restart (a new driver on the same database)", async () => {
    const before = sim("gcp-sim");
    const made = await before.create("compute.group", { name: "api", region: "europe-west1", desired: 3 }, { idempotencyKey: "restart:1" });
    const after = sim("gcp-sim");
    expect(await after.get("compute.group", made.externalId)).toEqual(made);
    expect((await after.create("compute.group", { name: "api", region: "europe-west1" }, { idempotencyKey: "restart:1" })).externalId).toBe(made.externalId);
    const rows = await getDatabase().db.select().from(simObjects).where(and(eq(simObjects.provider, "gcp-sim"), eq(simObjects.idempotencyKey, "restart:1")));
    expect(rows).toHaveLength(1);
  });

  it("refuses past a regional quota, naming limit, request and use, and counts only live objects", async () => {
    const aws = sim("aws-sim");
    const create = (size: string, key: string) => aws.create("compute.instance", { name: "big", region: "eu-central-1", size }, { idempotencyKey: key });
    const first = await create("xlarge", "quota:1");
    await create("xlarge", "quota:2");
    await create("xlarge", "quota:3");
    await create("large", "quota:4");
    await expectProviderError(create("xlarge", "quota:5"), "QUOTA_EXCEEDED", "aws-sim eu-central-1: vCPU limit 32 reached (8 requested, 28 in use)");
    // Other regions have their own quota; a deleted instance frees its share.
    await aws.create("compute.instance", { name: "big", region: "us-west-2", size: "xlarge" }, { idempotencyKey: "quota:6" });
    await aws.delete("compute.instance", first.externalId, { idempotencyKey: "quota:7" });
    await create("xlarge", "quota:5");
    const limited = sim("azure-sim", { quotas: { instances: 3 } });
    const group = await limited.create("compute.group", { name: "web", region: "eastus", desired: 2 }, { idempotencyKey: "quota:8" });
    const scaleUp = limited.update("compute.group", group.externalId, { desired: 4 }, { idempotencyKey: "quota:9" });
    await expectProviderError(scaleUp, "QUOTA_EXCEEDED", "azure-sim eastus: instance limit 3 reached (2 requested, 2 in use)");
  });

  it("places instances in their subnet and gives a public address only when asked", async () => {
    const aws = sim("aws-sim");
    const vpc = await aws.create("network.vpc", { name: "main", region: "us-east-1", cidr: "10.1.0.0/16" }, { idempotencyKey: "net:1" });
    const subnet = await aws.create("network.subnet", { name: "app", region: "us-east-1", vpc: vpc.externalId, cidr: "10.1.2.0/24" }, { idempotencyKey: "net:2" });
    const spec = { name: "web", region: "us-east-1", subnet: subnet.externalId, port: 3000 };
    const exposed = await aws.create("compute.instance", { ...spec, assignPublicIp: true }, { idempotencyKey: "net:3" });
    expect(exposed.attributes).toMatchObject({ privateIp: "10.1.2.4", publicIp: "198.51.100.4", url: "http://198.51.100.4:3000" });
    expect(exposed.attributes.zone).toMatch(/^us-east-1[abc]$/);
    const internal = await aws.create("compute.instance", spec, { idempotencyKey: "net:4" });
    expect(internal.attributes).toMatchObject({ privateIp: "10.1.2.5", publicIp: "", url: "http://10.1.2.5:3000" });
    const outside = aws.create("network.subnet", { name: "bad", region: "us-east-1", vpc: vpc.externalId, cidr: "10.9.0.0/24" }, { idempotencyKey: "net:5" });
    await expectProviderError(outside, "INVALID_SPEC", `cidr 10.9.0.0/24 is outside network ${vpc.externalId} (10.1.0.0/16)`);
    const overlap = aws.create("network.subnet", { name: "dup", region: "us-east-1", vpc: vpc.externalId, cidr: "10.1.2.128/25" }, { idempotencyKey: "net:6" });
    await expectProviderError(overlap, "CONFLICT", subnet.externalId);
    await expectProviderError(aws.create("compute.instance", { ...spec, subnet: "subnet-nope" }, { idempotencyKey: "net:7" }), "INVALID_SPEC", "subnet subnet-nope does not exist");
    await expectProviderError(aws.update("network.vpc", vpc.externalId, { cidr: "10.2.0.0/16" }, { idempotencyKey: "net:8" }), "INVALID_SPEC", "cannot change cidr");
  });

  it("scales a group: members come and go, previousSize is reported and a retried update replays", async () => {
    const azure = sim("azure-sim");
    const group = await azure.create("compute.group", { name: "web", region: "westeurope", desired: 2, max: 5 }, { idempotencyKey: "scale:1" });
    const [first, second] = group.attributes.instanceIds as string[];
    const grown = await azure.update("compute.group", group.externalId, { desired: 4 }, { idempotencyKey: "scale:2" });
    expect(grown.attributes).toMatchObject({ size: 4, previousSize: 2 });
    expect((grown.attributes.instanceIds as string[]).slice(0, 2)).toEqual([first, second]);
    expect(grown.costPerHour).toBe(Math.round(0.0416 * 4 * 1.1 * 10_000) / 10_000);
    const shrunk = await azure.update("compute.group", group.externalId, { desired: 1 }, { idempotencyKey: "scale:3" });
    expect(shrunk.attributes).toMatchObject({ size: 1, instanceIds: [first], previousSize: 4 });
    expect(await azure.update("compute.group", group.externalId, { desired: 1 }, { idempotencyKey: "scale:3" })).toEqual(shrunk);
    const regrown = await azure.update("compute.group", group.externalId, { desired: 2 }, { idempotencyKey: "scale:4" });
    // A new member never reuses the id of one removed earlier.
    expect((regrown.attributes.instanceIds as string[])[1]).not.toBe(second);
    await expectProviderError(azure.update("compute.group", group.externalId, { desired: 6 }, { idempotencyKey: "scale:5" }), "INVALID_SPEC", /desired/);
  });

  it("repoints load balancers and DNS records, and deploys onto a group, reporting what came before", async () => {
    const gcp = sim("gcp-sim");
    const blue = await gcp.create("compute.group", { name: "blue", region: "us-east1" }, { idempotencyKey: "bg:1" });
    const green = await gcp.create("compute.group", { name: "green", region: "us-east1" }, { idempotencyKey: "bg:2" });
    const lb = await gcp.create("network.loadBalancer", { name: "web-lb", region: "us-east1", targets: blue.externalId }, { idempotencyKey: "bg:3" });
    expect(lb.attributes.dnsName).toMatch(/^web-lb-[0-9a-f]{10}\.us-east1\.lb\.gcp-sim\.internal$/);
    expect(lb.attributes.url).toBe(`http://${String(lb.attributes.dnsName)}`);
    const switched = await gcp.update("network.loadBalancer", lb.externalId, { targets: green.externalId }, { idempotencyKey: "bg:4" });
    expect(switched.attributes).toMatchObject({ targets: green.externalId, previousTargets: blue.externalId });
    const dns = await gcp.create("dns.record", { name: "app", region: "us-east1", value: "old.example.com" }, { idempotencyKey: "bg:5" });
    expect(dns.attributes).toMatchObject({ fqdn: "app.stratus.local", previousValue: "" });
    const moved = await gcp.update("dns.record", dns.externalId, { value: lb.attributes.dnsName }, { idempotencyKey: "bg:6" });
    expect(moved.attributes).toMatchObject({ value: lb.attributes.dnsName, previousValue: "old.example.com" });
    const deployment = await gcp.create("app.deployment", { name: "v2", region: "us-east1", target: green.externalId, artifact: "shop:2" }, { idempotencyKey: "bg:7" });
    expect(deployment.attributes).toMatchObject({ artifact: "shop:2", previousArtifact: "sample-web", updatedInstances: 2 });
    expect((await gcp.get("compute.group", green.externalId)).attributes.image).toBe("shop:2");
    const unknown = gcp.create("network.loadBalancer", { name: "lb2", region: "us-east1", targets: "mig-missing" }, { idempotencyKey: "bg:8" });
    await expectProviderError(unknown, "INVALID_SPEC", "targets mig-missing does not exist");
  });

  it("makes one object for concurrent creates with one key, and never overshoots a quota under concurrency", async () => {
    const aws = sim("aws-sim", { latencyMs: 2 });
    const spec = { name: "race", region: "ap-southeast-1" };
    const made = await Promise.all(Array.from({ length: 6 }, () => aws.create("storage.bucket", spec, { idempotencyKey: "race:1" })));
    expect(new Set(made.map((r) => r.externalId)).size).toBe(1);
    expect(await getDatabase().db.select().from(simObjects).where(eq(simObjects.idempotencyKey, "race:1"))).toHaveLength(1);
    const limited = sim("aws-sim", { quotas: { loadBalancers: 2 } });
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => limited.create("network.loadBalancer", { name: `lb-${i}`, region: "ap-southeast-1" }, { idempotencyKey: `race:lb:${i}` })),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(2);
    expect(await limited.list("network.loadBalancer")).toHaveLength(2);
  });

  it("refuses to reuse an idempotency key for a different resource", async () => {
    const aws = sim("aws-sim");
    await aws.create("storage.bucket", { name: "logs", region: "us-east-1" }, { idempotencyKey: "reuse:1" });
    await expectProviderError(aws.create("storage.bucket", { name: "other", region: "us-east-1" }, { idempotencyKey: "reuse:1" }), "CONFLICT", /reuse:1 was already used/);
  });

  it("reports deterministic metrics that follow the clock and the group size", async () => {
    const clock = { now: new Date("2030-05-01T14:30:00Z") };
    const aws = sim("aws-sim", {}, () => clock.now);
    const group = await aws.create("compute.group", { name: "metrics", region: "us-west-2", desired: 1 }, { idempotencyKey: "metrics:1" });
    const once = await aws.metrics("compute.group", group.externalId);
    expect(await aws.metrics("compute.group", group.externalId)).toEqual(once);
    expect(once.cpuPercent).toBeGreaterThan(0);
    expect(once.cpuPercent).toBeLessThan(100);
    await aws.update("compute.group", group.externalId, { desired: 4 }, { idempotencyKey: "metrics:2" });
    const spread = await aws.metrics("compute.group", group.externalId);
    expect(spread.requestsPerSecond).toBe(once.requestsPerSecond);
    expect(spread.cpuPercent).toBeLessThan(once.cpuPercent ?? 0);
    clock.now = new Date("2030-05-01T03:30:00Z");
    expect((await aws.metrics("compute.group", group.externalId)).requestsPerSecond).not.toBe(once.requestsPerSecond);
  });
});
