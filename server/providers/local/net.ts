import "server-only";
import http from "node:http";
import net from "node:net";
import { ProviderError } from "../types";

export const LOOPBACK = "127.0.0.1";

/** Asks the OS for a port nobody listens on (there is a short race until the new owner binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("the OS gave no port"))));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function canConnect(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOOPBACK, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export function abortError(signal: AbortSignal, what: string): ProviderError {
  const reason: unknown = signal.reason;
  const detail = reason instanceof Error ? reason.message : "aborted";
  return new ProviderError("TIMEOUT", `local: ${what} was cancelled (${detail}).`, { cause: reason });
}

/**
 * Polls until the port accepts connections. Fails early when `hasExited` reports the process ended, and
 * on timeout or abort.
 */
export async function waitForPort(
  port: number,
  options: { timeoutMs: number; signal?: AbortSignal; what: string; hasExited: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) throw abortError(options.signal, options.what);
    const exited = options.hasExited();
    if (exited) throw new ProviderError("INVALID_SPEC", `local: ${options.what} ${exited}`);
    if (await canConnect(port)) return;
    if (Date.now() >= deadline) {
      throw new ProviderError("TIMEOUT", `local: ${options.what} did not answer on port ${port} within ${Math.round(options.timeoutMs / 1000)} s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type HttpAnswer = { status: number; body: string };

/** A GET with a deadline; resolves with status 0 when nothing answered. */
export function httpGet(url: string, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", () => resolve({ status: 0, body: "" }));
    });
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", () => resolve({ status: 0, body: "" }));
  });
}

/** Listens on the preferred port when it is free, otherwise on one the OS picks. */
export function listenPreferring(server: net.Server, preferred: number | undefined): Promise<number> {
  const attempt = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => {
        server.off("listening", onListening);
        reject(error);
      };
      const onListening = () => {
        server.off("error", onError);
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      };
      server.once("error", onError);
      server.once("listening", onListening);
      server.listen(port, LOOPBACK);
    });
  if (!preferred) return attempt(0);
  return attempt(preferred).catch(() => attempt(0));
}
