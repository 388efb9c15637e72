import { describe, expect, it, vi } from "vitest";
import { expectProviderError } from "../conformance";
import type { ProviderResource } from "../types";
import { isProcessAlive } from "./process";
import { eventually, localFixture } from "./test-support";

// Real processes start in a few hundred milliseconds, but a busy CI machine can take seconds.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });
const local = localFixture("compute");
const key = (label: string) => `${label}:${Math.random().toString(36).slice(2)}`;

function ids(resource: ProviderResource): string[] {
  const value = resource.attributes.instanceIds;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

async function pidOf(instanceId: string): Promise<number> {
  const pid = (await local.driver().get("compute.instance", instanceId)).attributes.pid;
  if (typeof pid !== "number") throw new Error(`instance ${instanceId} has no pid`);
  return pid;
}

async function createGroup(desired: number) {
  return local.track(await local.driver().create("compute.group", { name: "web", region: "local", min: 0, desired, max: 4 }, { idempotencyKey: key("group") }));
}

describe("local instances", () => {
  it("runs the sample app as a real process on its own port, with measured CPU and memory", async () => {
    const instance = local.track(await local.driver().create("compute.instance", { name: "web", region: "local", image: "sample-web" }, { idempotencyKey: key("i") }));
    expect(instance.attributes).toMatchObject({ privateIp: "127.0.0.1", url: `http://127.0.0.1:${String(instance.attributes.port)}` });
    const health = await fetch(`${String(instance.attributes.url)}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const page: unknown = await (await fetch(String(instance.attributes.url))).json();
    expect(page).toMatchObject({ instance: instance.externalId, name: "web", pid: instance.attributes.pid });
    const metrics = await local.driver().metrics("compute.instance", instance.externalId);
    expect(metrics.up).toBe(1);
    expect(metrics.memoryBytes).toBeGreaterThan(1_000_000);
    expect(metrics.cpuSeconds).toBeGreaterThan(0);
  });

  it("runs a command through /bin/sh with PORT in its environment", async () => {
    const server = `require("http").createServer((q, r) => r.end("custom " + process.env.PORT)).listen(Number(process.env.PORT), "127.0.0.1")`;
    const command = `exec "${process.execPath}" -e '${server}'`;
    const instance = local.track(await local.driver().create("compute.instance", { name: "custom", region: "local", command }, { idempotencyKey: key("cmd") }));
    expect(await (await fetch(String(instance.attributes.url))).text()).toBe(`custom ${String(instance.attributes.port)}`);
  });

  it("fails a create whose process exits, leaving nothing behind, and deduplicates concurrent retries", async () => {
    const d = local.driver();
    await expectProviderError(d.create("compute.instance", { name: "broken", region: "local", command: "exit 3" }, { idempotencyKey: key("bad") }), "INVALID_SPEC", /exited \(3\)/);
    await expectProviderError(d.create("compute.instance", { name: "missing", region: "local", command: "no-such-program-here" }, { idempotencyKey: key("bad") }), "INVALID_SPEC", /not found/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("step timed out")), 300);
    const waiting = d.create("compute.instance", { name: "never-listens", region: "local", command: "sleep 30" }, { idempotencyKey: key("slow"), signal: controller.signal });
    await expectProviderError(waiting, "TIMEOUT", /cancelled \(step timed out\)/);
    expect(await d.list("compute.instance")).toEqual([]);
    const k = key("same");
    const [a, b] = await Promise.all([0, 1].map(() => d.create("compute.instance", { name: "once", region: "local" }, { idempotencyKey: k })));
    local.track(a!);
    expect(b!.externalId).toBe(a!.externalId);
    expect(await d.list("compute.instance")).toHaveLength(1);
  });
});

describe("local groups and load balancers", () => {
  it("round-robins real HTTP requests over both members of a group", async () => {
    const group = await createGroup(2);
    expect(ids(group)).toHaveLength(2);
    const lb = local.track(await local.driver().create("network.loadBalancer", { name: "web-lb", region: "local", targets: group.externalId }, { idempotencyKey: key("lb") }));
    const answeredBy: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(String(lb.attributes.url));
      expect(response.status).toBe(200);
      const body: unknown = await response.json();
      expect(body).toMatchObject({ instance: response.headers.get("x-stratus-target") });
      answeredBy.push(response.headers.get("x-stratus-target") ?? "");
    }
    expect(new Set(answeredBy)).toEqual(new Set(ids(group)));
    expect(answeredBy[0]).not.toBe(answeredBy[1]);
    const metrics = await local.driver().metrics("network.loadBalancer", lb.externalId);
    expect(metrics).toMatchObject({ requests: 4, errors: 0, healthyTargets: 2 });
    expect(metrics.p50LatencyMs).toBeGreaterThan(0);
  });

  it("replaces a member whose process is killed within a few seconds", async () => {
    const group = await createGroup(2);
    const [victim, survivor] = ids(group);
    const pid = await pidOf(victim!);
    process.kill(pid, "SIGKILL");
    const healed = await eventually(
      async () => {
        const now = await local.driver().get("compute.group", group.externalId);
        return ids(now).length === 2 && !ids(now).includes(victim!) ? now : undefined;
      },
      10_000,
      "the group to replace its killed member",
    );
    expect(ids(healed)).toContain(survivor);
    const replacement = ids(healed).find((id) => id !== survivor)!;
    const url = (await local.driver().get("compute.instance", replacement)).attributes.url;
    expect((await fetch(`${String(url)}/health`)).status).toBe(200);
    expect(isProcessAlive(pid)).toBe(false);
    expect((await local.driver().metrics("compute.group", group.externalId)).replacements).toBe(1);
  });

  it("scales with update and swaps load balancer targets, reporting the previous ones once per key", async () => {
    const d = local.driver();
    const blue = await createGroup(1);
    const green = await createGroup(1);
    const scaled = await d.update("compute.group", green.externalId, { desired: 3 }, { idempotencyKey: key("scale") });
    expect(ids(scaled)).toHaveLength(3);
    const taken = Number((await d.get("compute.instance", ids(blue)[0]!)).attributes.port);
    const lb = local.track(await d.create("network.loadBalancer", { name: "prod", region: "local", targets: blue.externalId, listenerPort: taken }, { idempotencyKey: key("lb") }));
    // The listener port is a preference: a taken one falls back to a free port.
    expect(lb.attributes.port).not.toBe(taken);
    const switchKey = key("switch");
    const switched = await d.update("network.loadBalancer", lb.externalId, { targets: green.externalId, drainSeconds: 0 }, { idempotencyKey: switchKey });
    expect(switched.attributes).toMatchObject({ targets: green.externalId, previousTargets: blue.externalId });
    const retried = await d.update("network.loadBalancer", lb.externalId, { targets: green.externalId }, { idempotencyKey: switchKey });
    expect(retried.attributes.previousTargets).toBe(blue.externalId);
    for (let i = 0; i < 3; i++) expect(ids(scaled)).toContain((await fetch(String(lb.attributes.url))).headers.get("x-stratus-target"));
    const removed = await Promise.all(ids(scaled).slice(1).map(pidOf));
    expect(ids(await d.update("compute.group", green.externalId, { desired: 1 }, { idempotencyKey: key("in") }))).toHaveLength(1);
    for (const pid of removed) expect(isProcessAlive(pid)).toBe(false);
    await expectProviderError(d.update("compute.group", green.externalId, { desired: 9 }, { idempotencyKey: key("big") }), "INVALID_SPEC", /max 4/);
  });

  it("deploys a new artifact to a group member by member", async () => {
    const d = local.driver();
    const group = await createGroup(2);
    const deployment = local.track(
      await d.create("app.deployment", { name: "release", region: "local", target: group.externalId, artifact: "sample-web:v2", strategy: "rolling", batchSize: 1 }, { idempotencyKey: key("dep") }),
    );
    expect(deployment.attributes).toMatchObject({ artifact: "sample-web:v2", previousArtifact: "sample-web", updatedInstances: 2 });
    const after = await d.get("compute.group", group.externalId);
    expect(ids(after)).toHaveLength(2);
    expect(ids(after).some((id) => ids(group).includes(id))).toBe(false);
    const url = (await d.get("compute.instance", ids(after)[0]!)).attributes.url;
    expect(await (await fetch(String(url))).json()).toMatchObject({ image: "sample-web:v2" });
  });

  it("delete stops every process of a group and an instance; deleting again succeeds", async () => {
    const d = local.driver();
    const group = await d.create("compute.group", { name: "gone", region: "local", desired: 2, max: 2 }, { idempotencyKey: key("g") });
    const instance = await d.create("compute.instance", { name: "gone-too", region: "local" }, { idempotencyKey: key("i") });
    const pids = [...(await Promise.all(ids(group).map(pidOf))), await pidOf(instance.externalId)];
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(true);
    await d.delete("compute.group", group.externalId, { idempotencyKey: key("del") });
    await d.delete("compute.instance", instance.externalId, { idempotencyKey: key("del") });
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
    await d.delete("compute.group", group.externalId, { idempotencyKey: key("again") });
    expect(await d.list("compute.instance")).toEqual([]);
  });
});
