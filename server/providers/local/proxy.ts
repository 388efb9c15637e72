import "server-only";
import http from "node:http";
import { httpGet, listenPreferring } from "./net";

/** One backend: `id` is what the load balancer was pointed at (an instance id or a URL). */
export type Target = { id: string; url: string };
export type TargetHealth = Target & { isHealthy: boolean; checkedAt: number | null };

export type ProxyOptions = {
  preferredPort?: number;
  healthPath: string;
  intervalMs: number;
  /** Read on every health round, so a group's replaced members are picked up. */
  resolveTargets: () => Target[];
};

export type RunningProxy = {
  port: number;
  /** Probes every target now and waits for the answers. */
  checkNow(): Promise<void>;
  /** Probes these backends (e.g. targets about to be switched to) and records their health. */
  probe(targets: Target[]): Promise<void>;
  health(): TargetHealth[];
  /** Requests being answered right now, by backend url (a backend that is no longer a target too). */
  inFlight(): Map<string, number>;
  stats(): Record<string, number>;
  stop(): Promise<void>;
};

const SAMPLES = 1024;
const WINDOW_MS = 60_000;
const UPSTREAM_TIMEOUT_MS = 30_000;
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);
/** Hop-by-hop headers describe one connection and are not forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer"]);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

type Sample = { at: number; latencyMs: number; isError: boolean };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const healthByUrl = new Map<string, { isHealthy: boolean; checkedAt: number | null }>();
  const ring: Sample[] = [];
  let ringNext = 0;
  let requests = 0;
  let errors = 0;
  let cursor = 0;
  let stopped = false;
  const inFlight = new Map<string, number>();

  /** Counts a request on `url` until the returned release is called (once, whichever way it ends). */
  const track = (url: string): (() => void) => {
    inFlight.set(url, (inFlight.get(url) ?? 0) + 1);
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const left = (inFlight.get(url) ?? 1) - 1;
      if (left > 0) inFlight.set(url, left);
      else inFlight.delete(url);
    };
  };

  const record = (sample: Sample) => {
    requests += 1;
    if (sample.isError) errors += 1;
    ring[ringNext] = sample;
    ringNext = (ringNext + 1) % SAMPLES;
  };

  const healthyTargets = () => options.resolveTargets().filter((t) => healthByUrl.get(t.url)?.isHealthy === true);

  const pick = (exclude: Set<string>): Target | undefined => {
    const candidates = healthyTargets().filter((t) => !exclude.has(t.url));
    if (candidates.length === 0) return undefined;
    cursor = (cursor + 1) % Number.MAX_SAFE_INTEGER;
    return candidates[cursor % candidates.length];
  };

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, started: number, tried: Set<string>) => {
    const target = pick(tried);
    if (!target) {
      res.writeHead(tried.size > 0 ? 502 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: tried.size > 0 ? "no target answered" : "no healthy targets" }));
      record({ at: Date.now(), latencyMs: performance.now() - started, isError: true });
      return;
    }
    tried.add(target.url);
    // Until the client has the whole answer (or goes away): a target switch waits for these to finish.
    const release = track(target.url);
    res.once("close", release);
    const upstream = new URL(req.url ?? "/", target.url);
    const headers = { ...endToEnd(req.headers), "x-forwarded-for": req.socket.remoteAddress ?? "", "x-forwarded-host": req.headers.host ?? "" };
    const outgoing = http.request(upstream, { method: req.method, headers, timeout: UPSTREAM_TIMEOUT_MS, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...endToEnd(answer.headers), "x-stratus-target": target.id });
      answer.pipe(res);
      answer.on("end", () => record({ at: Date.now(), latencyMs: performance.now() - started, isError: (answer.statusCode ?? 502) >= 500 }));
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error("upstream timeout")));
    outgoing.on("error", () => {
      if (res.headersSent) {
        res.destroy();
        record({ at: Date.now(), latencyMs: performance.now() - started, isError: true });
        return;
      }
      release();
      // Passive health: a refused connection takes the target out until its next good probe.
      healthByUrl.set(target.url, { isHealthy: false, checkedAt: Date.now() });
      if (IDEMPOTENT.has(req.method ?? "GET")) return forward(req, res, started, tried);
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `target ${target.id} failed` }));
      record({ at: Date.now(), latencyMs: performance.now() - started, isError: true });
    });
    if (IDEMPOTENT.has(req.method ?? "GET")) outgoing.end();
    else req.pipe(outgoing);
  };

  const server = http.createServer((req, res) => forward(req, res, performance.now(), new Set()));
  server.keepAliveTimeout = 5000;
  const port = await listenPreferring(server, options.preferredPort);

  const probe = async (targets: Target[]) => {
    const answers = await Promise.all(targets.map(async (t) => ({ t, answer: await httpGet(new URL(options.healthPath, t.url).toString(), 1000) })));
    if (stopped) return;
    for (const { t, answer } of answers) healthByUrl.set(t.url, { isHealthy: answer.status >= 200 && answer.status < 300, checkedAt: Date.now() });
  };

  const checkNow = async () => {
    await probe(options.resolveTargets());
    // Forget backends that are no longer targets *now*: the targets may have been switched during the probe.
    const current = new Set(options.resolveTargets().map((t) => t.url));
    for (const url of [...healthByUrl.keys()]) if (!current.has(url)) healthByUrl.delete(url);
  };

  let probing = false;
  const timer = setInterval(() => {
    if (probing) return;
    probing = true;
    void checkNow().finally(() => (probing = false));
  }, options.intervalMs);
  timer.unref();

  return {
    port,
    checkNow,
    probe,
    inFlight: () => new Map(inFlight),
    health: () => options.resolveTargets().map((t) => ({ ...t, isHealthy: healthByUrl.get(t.url)?.isHealthy ?? false, checkedAt: healthByUrl.get(t.url)?.checkedAt ?? null })),
    stats: () => {
      const since = Date.now() - WINDOW_MS;
      const recent = ring.filter((s) => s.at >= since);
      const latencies = recent.map((s) => s.latencyMs).sort((a, b) => a - b);
      const targets = options.resolveTargets();
      return {
        requests,
        errors,
        requestsLastMinute: recent.length,
        errorsLastMinute: recent.filter((s) => s.isError).length,
        p50LatencyMs: percentile(latencies, 50),
        p95LatencyMs: percentile(latencies, 95),
        targets: targets.length,
        healthyTargets: targets.filter((t) => healthByUrl.get(t.url)?.isHealthy === true).length,
      };
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
