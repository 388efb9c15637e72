import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { ROLES, type Role } from "@/lib/auth/roles";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";
import { PERMISSIONS } from "../auth/permissions";
import { appRouter } from "../routers";

/**
 * Who may call what, proved over HTTP through the real route handler. The expectation is checked in
 * (access.expected.json); after adding a procedure, run with UPDATE_ACCESS=1 to rewrite it, and review the diff.
 */
const EXPECTED_FILE = path.join(import.meta.dirname, "access.expected.json");
type Caller = "anonymous" | Role;
type Outcome = "allowed" | "UNAUTHORIZED" | "FORBIDDEN";
const CALLERS: Caller[] = ["anonymous", ...ROLES];

const getDatabase = withTestDatabase();

type ProcedureDef = { _def: { type: "query" | "mutation" | "subscription"; meta?: { permission?: string } } };
// At run time `_def.procedures` is flat, keyed by full path ("users.setRole").
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>);

describe("every procedure declares a permission", () => {
  it("walks the whole root router", () => {
    expect(procedures.length).toBeGreaterThan(0);
    const missing = procedures.filter(([, p]) => !PERMISSIONS.includes(p._def.meta?.permission as never)).map(([name]) => name);
    expect(missing, "procedures without a declared permission").toEqual([]);
  });
});

describe("access over HTTP", () => {
  const cookies: Partial<Record<Caller, string>> = {};
  beforeAll(async () => {
    const { db } = getDatabase();
    for (const role of ROLES) cookies[role] = await sessionCookie((await createTestUser(db, role)).id);
  });

  async function call(name: string, type: string, caller: Caller): Promise<{ status: number; code?: string }> {
    const headers = new Headers({ "content-type": "application/json", "user-agent": "access-test" });
    if (caller !== "anonymous") headers.set("cookie", cookies[caller]!);
    const body = JSON.stringify({ json: {} });
    const res =
      type === "query" || type === "subscription"
        ? await GET(new NextRequest(`http://localhost/api/trpc/${name}?input=${encodeURIComponent(body)}`, { headers }))
        : await POST(new NextRequest(`http://localhost/api/trpc/${name}`, { method: "POST", headers, body }));
    if (type === "subscription") return { status: res.status, code: await firstSseError(res) };
    const payload = (await res.json()) as { error?: { json?: { data?: { code?: string } } } };
    return { status: res.status, code: payload.error?.json?.data?.code };
  }

  /**
   * A subscription answers 200 and streams (SSE): a refusal is its first event ("serialized-error"); an
   * allowed one sends its first message (every subscription here sends one at once). Then it is closed.
   */
  async function firstSseError(res: Response): Promise<string | undefined> {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const deadline = Date.now() + 15_000;
    try {
      while (Date.now() < deadline) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value);
        // Complete events only (each ends with a blank line): "event: <type>" and/or "data: <json>".
        for (const block of text.split("\n\n").slice(0, -1)) {
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type === "serialized-error") return (JSON.parse(data!) as { json?: { data?: { code?: string } } }).json?.data?.code ?? "ERROR";
          if (data !== undefined && type === undefined) return undefined; // a message: allowed
        }
      }
      throw new Error(`the subscription sent neither a message nor an error: ${text.slice(0, 300)}`);
    } finally {
      await reader.cancel();
    }
  }

  it("matches the checked-in expectation for every procedure and caller, and never fails with a 500", async () => {
    const actual: Record<string, Record<Caller, Outcome>> = {};
    for (const [name, proc] of procedures.sort(([a], [b]) => a.localeCompare(b))) {
      actual[name] = {} as Record<Caller, Outcome>;
      for (const caller of CALLERS) {
        const { status, code } = await call(name, proc._def.type, caller);
        expect(status, `${name} as ${caller} answered ${status} ${code ?? ""}`).toBeLessThan(500);
        actual[name][caller] = code === "UNAUTHORIZED" || code === "FORBIDDEN" ? code : "allowed";
        // Subscriptions answer 200 and refuse in their stream (above).
        if (code === "UNAUTHORIZED" && proc._def.type !== "subscription") expect(status).toBe(401);
        if (code === "FORBIDDEN" && proc._def.type !== "subscription") expect(status).toBe(403);
      }
    }
    if (process.env.UPDATE_ACCESS) writeFileSync(EXPECTED_FILE, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(EXPECTED_FILE, "utf8")) as unknown;
    expect(actual).toEqual(expected);
  });
});
