import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { egressAllowList } from "@/db/schema";
import { getStep } from "@/lib/catalog";
import { withTestDatabase } from "@/test/db";
import { createTestUser } from "@/test/users";
import { addAllowEntry, loadAllowRules, removeAllowEntry } from "../net/allow-list";
import { EgressRefusedError, egressRequest } from "../net/egress";
import { createLocalDriver } from "../providers/local/driver";
import { killRecordedProcesses, makeDataDir, removeDataDir } from "../providers/local/test-support";
import type { ProviderDriver } from "../providers/types";
import { implementationOf, type StepContext } from "./index";

/**
 * The steps that call URLs, against real HTTP servers on this host: loopback is refused unless the admin
 * allow-list or the local provider says otherwise, and redirects are checked hop by hop.
 */
const getDatabase = withTestDatabase();
const dataDir = makeDataDir("egress");
let local: ProviderDriver;
let adminId: string;

/** Answers /ok, /echo, /redirect?to=…, /loop, /status?code=…, /big ("a" and 2 MB of "é"), /hang (never); `hits` counts requests by path. */
function startServer(host: string): Promise<{ server: http.Server; base: string; hits: Map<string, number> }> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    if (url.pathname === "/redirect") return res.writeHead(302, { location: url.searchParams.get("to") ?? "/" }).end();
    if (url.pathname === "/loop") return res.writeHead(307, { location: "/loop" }).end();
    if (url.pathname === "/status") return res.writeHead(Number(url.searchParams.get("code"))).end(`answer ${url.searchParams.get("code")}`);
    if (url.pathname === "/big") return res.end(`a${"é".repeat(1024 * 1024)}`);
    if (url.pathname === "/hang") return;
    if (url.pathname === "/echo") {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => res.end(JSON.stringify({ method: req.method, host: req.headers.host, authorization: req.headers.authorization ?? null, body })));
      return;
    }
    res.end("hello");
  });
  return new Promise((resolve) => server.listen(0, host, () => resolve({ server, base: `http://${host}:${(server.address() as AddressInfo).port}`, hits })));
}

let a: Awaited<ReturnType<typeof startServer>>; // 127.0.0.1
let b: Awaited<ReturnType<typeof startServer>>; // 127.0.0.2, allowed in some tests

beforeAll(async () => {
  [a, b] = await Promise.all([startServer("127.0.0.1"), startServer("127.0.0.2")]);
  local = createLocalDriver({ dataDir, now: () => new Date() });
  adminId = (await createTestUser(getDatabase().db, "admin")).id;
}, 60_000);

afterAll(async () => {
  try {
    for (const r of await local.list()) await local.delete(r.type, r.externalId, { idempotencyKey: `cleanup:${r.externalId}` }).catch(() => undefined);
    await local.close?.();
  } finally {
    killRecordedProcesses(dataDir);
    removeDataDir(dataDir);
    a.server.close();
    b.server.close();
  }
}, 60_000);

function runStep(type: string, rawConfig: Record<string, unknown>) {
  const step = getStep(type)!;
  const logs: string[] = [];
  const ctx: Partial<StepContext> = { step, config: step.config.parse(rawConfig), signal: new AbortController().signal, log: (line) => logs.push(line), memo: {} };
  return { logs, result: implementationOf(step).run(ctx as StepContext) as Promise<Record<string, unknown>> };
}

async function allow(pattern: string): Promise<() => Promise<unknown>> {
  const entry = await addAllowEntry(getDatabase().db, { pattern, note: "test" }, adminId);
  return () => removeAllowEntry(getDatabase().db, entry.id);
}

describe("steps that call URLs", () => {
  it("refuse loopback by default, at once and for good (no retries, nothing sent)", async () => {
    const before = a.hits.get("/ok") ?? 0;
    await expect(runStep("http-request", { url: `${a.base}/ok` }).result).rejects.toMatchObject({
      message: "Refused: 127.0.0.1 is a loopback address; an admin can allow it under Admin → Network.",
      isRetryable: false,
    });
    const check = runStep("http-health-check", { url: `${a.base}/ok`, retries: 5, intervalSeconds: 60 });
    await expect(check.result).rejects.toBeInstanceOf(EgressRefusedError);
    expect(check.logs).toEqual([]);
    await expect(runStep("notify", { channel: "webhook", webhookUrl: `${a.base}/echo`, message: "hi" }).result).rejects.toBeInstanceOf(EgressRefusedError);
    // The odd spellings of 127.0.0.1 too.
    const port = new URL(a.base).port;
    for (const host of ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]", "localhost"]) {
      await expect(runStep("http-request", { url: `http://${host}:${port}/ok` }).result).rejects.toBeInstanceOf(EgressRefusedError);
    }
    expect(a.hits.get("/ok") ?? 0).toBe(before);
  });

  it("reach what the admin allow-list names, and stop when the entry is removed", async () => {
    const remove = await allow("127.0.0.0/8");
    try {
      await expect(runStep("http-request", { url: `${a.base}/ok` }).result).resolves.toEqual({ status: 200, body: "hello" });
      await expect(runStep("http-health-check", { url: `${a.base}/ok` }).result).resolves.toMatchObject({ status: 200, healthy: true });
      await expect(runStep("notify", { channel: "webhook", webhookUrl: `${a.base}/echo`, message: "hi" }).result).resolves.toEqual({ delivered: true });
      const echoed = await runStep("http-request", { url: `${a.base}/echo`, method: "POST", body: "payload", headers: { authorization: "Bearer t" } }).result;
      expect(JSON.parse(String(echoed.body))).toEqual({ method: "POST", host: new URL(a.base).host, authorization: "Bearer t", body: "payload" });
    } finally {
      await remove();
    }
    expect(await getDatabase().db.select().from(egressAllowList)).toEqual([]);
    await expect(runStep("http-request", { url: `${a.base}/ok` }).result).rejects.toBeInstanceOf(EgressRefusedError);
  });

  it("http-request fails on a status of 400 or more (retried only when a retry can help), keeps 1 MB of the body and honours its timeout", async () => {
    const remove = await allow("127.0.0.0/8");
    try {
      await expect(runStep("http-request", { url: `${a.base}/status?code=204` }).result).resolves.toEqual({ status: 204, body: "" });
      await expect(runStep("http-request", { url: `${a.base}/status?code=399` }).result).resolves.toMatchObject({ status: 399 });
      await expect(runStep("http-request", { url: `${a.base}/status?code=404` }).result).rejects.toMatchObject({ message: `GET ${a.base}/status?code=404 answered 404: answer 404`, isRetryable: false });
      await expect(runStep("http-request", { url: `${a.base}/status?code=429`, method: "POST" }).result).rejects.toMatchObject({ message: /^POST .* answered 429/, isRetryable: true });
      await expect(runStep("http-request", { url: `${a.base}/status?code=503` }).result).rejects.toMatchObject({ message: /answered 503/, isRetryable: true });

      const big = runStep("http-request", { url: `${a.base}/big` });
      const { body } = await big.result;
      // "é" is two bytes, so the 1 MB cut falls inside one: it is dropped, never turned into a replacement character.
      expect(Buffer.byteLength(String(body))).toBe(1024 * 1024 - 1);
      expect(String(body)).toBe(`a${"é".repeat(512 * 1024 - 1)}`);
      expect(big.logs).toEqual(["the response body was cut to its first 1 MB"]);

      const started = Date.now();
      await expect(runStep("http-request", { url: `${a.base}/hang`, timeoutSeconds: 1 }).result).rejects.toMatchObject({ code: "TIMEOUT", message: `${a.base}/hang did not answer within 1 s.`, isRetryable: true });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await remove();
    }
  });

  it("check every redirect hop: an allowed host cannot bounce a request to a refused one", async () => {
    const remove = await allow("127.0.0.2");
    try {
      const before = a.hits.get("/ok") ?? 0;
      await expect(runStep("http-request", { url: `${b.base}/redirect?to=${encodeURIComponent(`${a.base}/ok`)}` }).result).rejects.toMatchObject({
        message: "Refused: 127.0.0.1 is a loopback address; an admin can allow it under Admin → Network.",
      });
      await expect(runStep("http-request", { url: `${b.base}/redirect?to=${encodeURIComponent("http://2130706433/")}` }).result).rejects.toBeInstanceOf(EgressRefusedError);
      await expect(runStep("http-request", { url: `${b.base}/redirect?to=${encodeURIComponent("file:///etc/passwd")}` }).result).rejects.toThrow("Refused: file URLs are not allowed; use http or https.");
      expect(a.hits.get("/ok") ?? 0).toBe(before);
      // Redirects within what is allowed are followed (303 → GET), at most five.
      await expect(runStep("http-request", { url: `${b.base}/redirect?to=/ok` }).result).resolves.toEqual({ status: 200, body: "hello" });
      await expect(runStep("http-request", { url: `${b.base}/loop` }).result).rejects.toMatchObject({ message: `${b.base}/loop: more than 5 redirects.`, isRetryable: false });
      expect(b.hits.get("/loop")).toBe(6);
    } finally {
      await remove();
    }
  });

  it("reach the local provider's own instances and load balancers, but not a balancer that relays to a URL", async () => {
    const region = { region: "local" };
    const instance = await local.create("compute.instance", { ...region, name: "web" }, { idempotencyKey: "egress-web" });
    // Port 80 as the three-tier template asks (when this process may bind it): its URL then has no port.
    const lb = await local.create("network.loadBalancer", { ...region, name: "front", targets: instance.externalId, listenerPort: 80 }, { idempotencyKey: "egress-lb" });
    const relay = await local.create("network.loadBalancer", { ...region, name: "relay", targets: `${a.base}` }, { idempotencyKey: "egress-relay" });
    await expect(runStep("http-health-check", { url: `${String(instance.attributes.url)}/health` }).result).resolves.toMatchObject({ healthy: true });
    await expect(runStep("http-health-check", { url: `${String(lb.attributes.url)}/health` }).result).resolves.toMatchObject({ healthy: true });
    await expect(runStep("http-request", { url: `${String(relay.attributes.url)}/ok` }).result).rejects.toBeInstanceOf(EgressRefusedError);
    // Another port on the same address is not theirs.
    const other = `http://127.0.0.1:${Number(lb.attributes.port) === 65535 ? 1 : Number(lb.attributes.port) + 1}/`;
    await expect(runStep("http-request", { url: other }).result).rejects.toBeInstanceOf(EgressRefusedError);
    await local.delete("network.loadBalancer", lb.externalId, { idempotencyKey: "egress-lb-delete" });
    await expect(runStep("http-request", { url: `${String(lb.attributes.url)}/health` }).result).rejects.toBeInstanceOf(EgressRefusedError);
  }, 60_000);
});

describe("egressRequest", () => {
  it("connects to the address it checked and never asks the DNS again (no rebinding)", async () => {
    const asked: string[] = [];
    const policy = {
      allowList: [],
      isLocalEndpoint: () => false,
      // First answer allowed (127.0.0.2 is "public" for this test's purpose), a second answer would be 127.0.0.1.
      lookup: (host: string) => (asked.push(host), Promise.resolve([{ address: asked.length === 1 ? "127.0.0.2" : "127.0.0.1", family: 4 as const }])),
    };
    const port = new URL(b.base).port;
    const response = await egressRequest(`http://rebind.test:${port}/echo`, {}, { ...policy, isLocalEndpoint: (address) => address === "127.0.0.2" });
    expect(JSON.parse(response.body)).toMatchObject({ method: "GET", host: `rebind.test:${port}` });
    expect(asked).toEqual(["rebind.test"]);
  });

  it("drops credentials when a redirect leaves the origin, and turns a redirected POST into a GET", async () => {
    const remove = await allow("127.0.0.0/8");
    try {
      const policy = { allowList: await loadAllowRules(getDatabase().db), isLocalEndpoint: () => false };
      const response = await egressRequest(`${b.base}/redirect?to=${encodeURIComponent(`${a.base}/echo`)}`, { method: "POST", body: "x", headers: { Authorization: "Bearer secret" } }, policy);
      expect(JSON.parse(response.body)).toEqual({ method: "GET", host: new URL(a.base).host, authorization: null, body: "" });
    } finally {
      await remove();
    }
  });
});
