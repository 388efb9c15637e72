import { expect } from "vitest";
import type { TrpcReply } from "./trpc-http";

/**
 * The verdict on one hostile input sent over HTTP: refused with a 4xx and a tRPC error whose message is for a
 * person (no stack, path, SQL or "Internal"), naming the field at fault when one is given. A query that
 * answers `{ ok: false, message }` (policy validate/test) is also a refusal.
 */
export type Verdict = { field?: string; isResult?: boolean; isPathRequired?: boolean; status?: number };

const LEAKS: [string, RegExp][] = [
  ["stack trace", /\n\s+at |\bat \S+ \(/],
  ["file path", /node_modules|\/work\/|\/app\/|\.[cm]?[jt]sx?:\d/],
  ["SQL", /\bselect\b[^"]*\bfrom\b|\binsert into\b|\bdelete from\b|\brelation "|\bviolates\b|syntax error at or near|invalid byte sequence|unsupported Unicode escape/i],
  ["Internal", /Internal|INTERNAL_SERVER_ERROR/],
];

type ErrorJson = { message?: unknown; data?: { code?: string; httpStatus?: number; fieldErrors?: unknown; issues?: unknown } };

export class HostileLedger {
  readonly counts = new Map<string, number>();
  readonly failures: string[] = [];

  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  /** Records the verdict; failures are collected so one run lists every finding. */
  judge(category: string, label: string, reply: TrpcReply | Error, verdict: Verdict = {}): void {
    this.counts.set(category, (this.counts.get(category) ?? 0) + 1);
    const problem = reply instanceof Error ? `the handler threw: ${reply.message.slice(0, 200)}` : problemOf(reply, verdict);
    if (problem) this.failures.push(`${category} / ${label.slice(0, 160)}: ${problem}`);
  }

  /** Fails listing the inputs, from the `from`-th failure on, that were not refused cleanly. */
  expectClean(from = 0): void {
    const found = this.failures.slice(from);
    expect(found.slice(0, 40), `${found.length} hostile inputs were not refused cleanly`).toEqual([]);
  }
}

function leakIn(text: string): string | null {
  for (const [name, pattern] of LEAKS) if (pattern.test(text)) return `message leaks ${name}: ${text.slice(0, 200)}`;
  return null;
}

function problemOf(reply: TrpcReply, verdict: Verdict): string | null {
  if (reply.status >= 500) return `HTTP ${reply.status}: ${reply.text.slice(0, 300)}`;
  let body: unknown;
  try {
    body = JSON.parse(reply.text);
  } catch {
    return `HTTP ${reply.status}, body is not JSON: ${reply.text.slice(0, 200)}`;
  }
  if (reply.status === 200 && verdict.isResult) {
    const result = (body as { result?: { data?: { json?: { ok?: boolean; message?: unknown } } } }).result?.data?.json;
    if (result?.ok !== false) return `accepted: ${reply.text.slice(0, 200)}`;
    if (typeof result.message !== "string" || !result.message.trim()) return "refused without a message";
    return leakIn(result.message);
  }
  if (reply.status < 400) return `accepted with HTTP ${reply.status}: ${reply.text.slice(0, 200)}`;
  if (verdict.status && reply.status !== verdict.status) return `HTTP ${reply.status} instead of ${verdict.status}: ${reply.text.slice(0, 200)}`;
  const errors = (Array.isArray(body) ? body : [body]).map((b) => (b as { error?: { json?: ErrorJson } }).error?.json);
  for (const error of errors) {
    if (!error) return `not a tRPC error: ${reply.text.slice(0, 200)}`;
    if (typeof error.message !== "string" || !error.message.trim()) return "error without a message";
    const leak = leakIn(error.message);
    if (leak) return leak;
    if (verdict.field) {
      const where = JSON.stringify([error.message, error.data?.fieldErrors ?? null, error.data?.issues ?? null]);
      if (!where.includes(verdict.field)) return `the error does not name "${verdict.field}": ${where.slice(0, 300)}`;
    }
    const paths = Object.keys((error.data?.fieldErrors as object | undefined) ?? {}).length + ((error.data?.issues as unknown[] | undefined)?.length ?? 0);
    if (verdict.isPathRequired && paths === 0) return `the error names no path: ${JSON.stringify(error).slice(0, 300)}`;
  }
  return null;
}

/** Runs `fn` over `items`, `width` at a time (PGlite serialises anyway; PostgreSQL gets some parallelism). */
export async function inParallel<T>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
