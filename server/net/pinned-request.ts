import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";

export type PinnedAddress = { address: string; family: 4 | 6 };
export type PinnedResponse = { status: number; location: string | undefined; body: string; isTruncated: boolean };
type Target = { url: URL; host: string; port: number; addresses: PinnedAddress[] };
type Init = { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal; maxBytes?: number };

const DEFAULT_MAX_BYTES = 1_000_000;

/**
 * Node asks this instead of the DNS when it connects: it answers with the addresses the guard checked, so
 * a second DNS answer (rebinding) cannot send the connection elsewhere. The URL's host name still goes
 * into the Host header and TLS (SNI and certificate check).
 */
function pinnedLookup(addresses: PinnedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

function decoded(response: http.IncomingMessage): Readable {
  const encoding = String(response.headers["content-encoding"] ?? "").toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return response.pipe(zlib.createGunzip());
  if (encoding === "deflate") return response.pipe(zlib.createInflate());
  if (encoding === "br") return response.pipe(zlib.createBrotliDecompress());
  return response;
}

/**
 * Reads at most `maxBytes` of the body (then stops the download) as UTF-8. Cut by bytes, not characters,
 * and a character split by the cut is dropped, so the text never holds more than `maxBytes` bytes.
 */
function readBody(response: http.IncomingMessage, maxBytes: number): Promise<{ body: string; isTruncated: boolean }> {
  return new Promise((resolve, reject) => {
    const stream = decoded(response);
    const chunks: Buffer[] = [];
    let size = 0;
    let isDone = false;
    const finish = (isTruncated: boolean) => {
      if (isDone) return;
      isDone = true;
      resolve({ body: new TextDecoder("utf-8").decode(Buffer.concat(chunks).subarray(0, maxBytes), { stream: isTruncated }), isTruncated });
    };
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > maxBytes) {
        finish(true);
        response.destroy();
      }
    });
    stream.on("end", () => finish(false));
    stream.on("error", (error) => (isDone ? undefined : ((isDone = true), reject(error))));
  });
}

/** One request (no redirects followed) to a destination the guard has checked. */
export function sendPinned(target: Target, init: Init): Promise<PinnedResponse> {
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        host: target.host,
        port: target.port,
        path: `${target.url.pathname}${target.url.search}`,
        method: init.method,
        headers: init.headers,
        lookup: pinnedLookup(target.addresses),
        // A pooled socket could belong to an earlier, differently resolved request.
        agent: false,
        signal: init.signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (location && status >= 300 && status < 400) {
          response.resume();
          resolve({ status, location, body: "", isTruncated: false });
          return;
        }
        readBody(response, init.maxBytes ?? DEFAULT_MAX_BYTES).then((read) => resolve({ status, location, ...read }), reject);
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}
