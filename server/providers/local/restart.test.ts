import { describe, expect, it, vi } from "vitest";
import type { ProviderResource } from "../types";
import { isProcessAlive } from "./process";
import { eventually, localFixture } from "./test-support";

// Real processes start in a few hundred milliseconds, but a busy CI machine can take seconds.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });
const local = localFixture("restart");
const ids = (r: ProviderResource) => (Array.isArray(r.attributes.instanceIds) ? r.attributes.instanceIds.filter((v): v is string => typeof v === "string") : []);

describe("local provider after a server restart", () => {
  it("re-adopts live processes, restarts supervisors and proxies, and reports a killed instance as failed and lost", async () => {
    const first = local.driver();
    const live = local.track(await first.create("compute.instance", { name: "live", region: "local" }, { idempotencyKey: "live" }));
    const killed = local.track(await first.create("compute.instance", { name: "killed", region: "local" }, { idempotencyKey: "killed" }));
    const group = local.track(await first.create("compute.group", { name: "pool", region: "local", desired: 2 }, { idempotencyKey: "pool" }));
    const lb = local.track(await first.create("network.loadBalancer", { name: "front", region: "local", targets: group.externalId }, { idempotencyKey: "front" }));

    const second = await local.restart();
    // Closing stops the proxy but leaves every process running.
    expect(isProcessAlive(Number(live.attributes.pid))).toBe(true);
    await expect(fetch(String(lb.attributes.url))).rejects.toThrow();
    const killedPid = Number(killed.attributes.pid);
    process.kill(killedPid, "SIGKILL");
    await eventually(async () => Promise.resolve(isProcessAlive(killedPid) ? undefined : true), 2000, "the killed process to end");

    const third = await local.restart();
    expect(second).not.toBe(third);
    const adopted = await third.get("compute.instance", live.externalId);
    expect(adopted).toMatchObject({ status: "ready", attributes: { pid: live.attributes.pid, port: live.attributes.port } });
    expect((await fetch(`${String(adopted.attributes.url)}/health`)).status).toBe(200);
    const lost = await third.get("compute.instance", killed.externalId);
    expect(lost).toMatchObject({ status: "failed", attributes: { lost: true } });
    // Creating with a known key returns the recorded resource, not a second process.
    expect((await third.create("compute.instance", { name: "live", region: "local" }, { idempotencyKey: "live" })).externalId).toBe(live.externalId);

    const pool = await third.get("compute.group", group.externalId);
    expect(ids(pool)).toEqual(ids(group));
    const front = await third.get("network.loadBalancer", lb.externalId);
    expect(front.status).toBe("ready");
    const response = await fetch(String(front.attributes.url));
    expect(ids(group)).toContain(response.headers.get("x-stratus-target"));

    // The supervisor runs again: a member killed now is replaced.
    const member = await third.get("compute.instance", ids(group)[0]!);
    process.kill(Number(member.attributes.pid), "SIGKILL");
    await eventually(
      async () => {
        const now = ids(await third.get("compute.group", group.externalId));
        return now.length === 2 && !now.includes(member.externalId) ? now : undefined;
      },
      10_000,
      "the re-adopted group to replace a member",
    );
    await third.delete("compute.instance", killed.externalId, { idempotencyKey: "delete-lost" });
    await expect(third.get("compute.instance", killed.externalId)).rejects.toThrow(/NOT_FOUND|no compute.instance/);
  });
});
