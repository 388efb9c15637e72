import { count } from "drizzle-orm";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/trpc/[trpc]/route";
import { workflows, workflowVersions } from "@/db/schema";
import { TEMPLATES } from "@/lib/workflow/templates";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";
import { createWorkflow } from "../services/workflows";

/**
 * Property test: broken definitions, sent through the real route handler, are refused with BAD_REQUEST and a
 * path for each problem — never a 500, and never stored.
 */
const getDatabase = withTestDatabase();
const base = TEMPLATES.find((t) => t.id === "blue-green-deploy")!.definition;
type Json = Record<string, unknown>;

let cookie = "";
let workflowId = "";
beforeAll(async () => {
  const op = await createTestUser(getDatabase().db, "operator");
  cookie = await sessionCookie(op.id);
  workflowId = (await createWorkflow(getDatabase().db, op.id, { name: "Fuzz target", description: "" })).id;
});

function nested(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = { d: v };
  return v;
}

const nodeIndex = fc.nat({ max: base.nodes.length - 1 });
/** Each breaks a valid definition in one known way; `raw` ones are spliced into the JSON text. */
const breakage = fc.oneof(
  fc.record({ kind: fc.constant("cycle"), i: nodeIndex }),
  fc.record({ kind: fc.constant("unknown-type"), i: nodeIndex, type: fc.string({ minLength: 1, maxLength: 40 }) }),
  fc.record({ kind: fc.constant("wrong-type"), i: nodeIndex, field: fc.constantFrom("id", "name", "position", "config", "onError", "retry", "timeoutSeconds"), value: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.string({ maxLength: 5 }).map((s) => `${s}!?`)) }),
  fc.record({ kind: fc.constant("proto"), i: nodeIndex, key: fc.constantFrom("__proto__", "constructor", "prototype") }),
  fc.record({ kind: fc.constant("huge-string"), i: nodeIndex, size: fc.integer({ min: 100_001, max: 400_000 }) }),
  fc.record({ kind: fc.constant("deep"), i: nodeIndex, depth: fc.integer({ min: 40, max: 2000 }) }),
  fc.record({ kind: fc.constant("duplicate-id"), i: nodeIndex }),
  fc.record({ kind: fc.constant("dangling-edge"), target: fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/) }),
  fc.record({ kind: fc.constant("extra-key"), key: fc.stringMatching(/^[a-zA-Z]{1,12}$/) }),
  fc.record({ kind: fc.constant("not-an-object"), value: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 })) }),
);

function breakDefinition(b: Json): string {
  const d = structuredClone(base) as unknown as { nodes: Json[]; edges: Json[] } & Json;
  const node = (i: number) => d.nodes[i]!;
  switch (b.kind) {
    case "cycle": {
      const first = d.edges[0]!;
      d.edges.push({ source: first.target, target: first.source, on: "success" });
      return JSON.stringify(d);
    }
    case "unknown-type":
      node(b.i as number).type = `x-${b.type as string}`;
      return JSON.stringify(d);
    case "wrong-type":
      // Some generated values are valid for some fields: any string is a name, and 1..86400 is a timeout.
      // Those are turned into values that are wrong for that field, so every case is a real breakage.
      node(b.i as number)[b.field as string] =
        b.field === "name" && typeof b.value === "string"
          ? "   "
          : b.field === "timeoutSeconds" && typeof b.value === "number"
            ? 86_401 + Math.abs(b.value)
            : b.value;
      return JSON.stringify(d);
    case "proto":
      // JSON.stringify cannot write a "__proto__" key, so a placeholder is swapped in the text.
      (node(b.i as number).config as Json).zz_placeholder = 1;
      return JSON.stringify(d).replace('"zz_placeholder":1', `"${b.key as string}":{"polluted":true}`);
    case "huge-string":
      (node(b.i as number).config as Json).note = "x".repeat(b.size as number);
      return JSON.stringify(d);
    case "deep":
      (node(b.i as number).config as Json).deep = nested(b.depth as number);
      return JSON.stringify(d);
    case "duplicate-id":
      d.nodes.push({ ...node(b.i as number), name: "twin" });
      return JSON.stringify(d);
    case "dangling-edge":
      d.edges.push({ source: node(0).id, target: `zz_${b.target as string}`, on: "success" });
      return JSON.stringify(d);
    case "extra-key":
      d[`x${b.key as string}`] = 1;
      return JSON.stringify(d);
    default:
      return JSON.stringify(b.value ?? null);
  }
}

let baseVersion = 1;
async function save(definitionJson: string) {
  const body = `{"json":{"id":${JSON.stringify(workflowId)},"baseVersion":${baseVersion},"message":"","definition":${definitionJson}}}`;
  const res = await POST(new NextRequest("http://localhost/api/trpc/workflows.save", { method: "POST", headers: { "content-type": "application/json", cookie }, body }));
  return { status: res.status, body: (await res.json()) as { error?: { json?: { message?: string; data?: { issues?: { path: string }[]; fieldErrors?: object } } } } };
}

async function stored() {
  const [v] = await getDatabase().db.select({ n: count() }).from(workflowVersions);
  const [w] = await getDatabase().db.select({ n: count() }).from(workflows);
  return `${w!.n}/${v!.n}`;
}

describe("broken definitions over HTTP", () => {
  it("the unbroken base definition is accepted (so the breakages are what is refused)", async () => {
    expect(JSON.parse(breakDefinition({ kind: "extra-key", key: "a" }))).toHaveProperty("xa");
    const ok = await save(JSON.stringify(base));
    expect(ok.status).toBe(200);
    // Back to version 1 so that later calls are refused for their content, not for a stale base version.
    const restore = await POST(new NextRequest("http://localhost/api/trpc/workflows.restore", { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ json: { id: workflowId, number: 1, baseVersion: 2 } }) }));
    expect(restore.status).toBe(200);
  });

  it("1,000 generated breakages: each a 400 with a path, none a 500, none stored", async () => {
    // Saves must fail for their content, not for a stale base version: use the current one.
    const [row] = await getDatabase().db.select({ v: workflows.currentVersion }).from(workflows);
    baseVersion = row!.v;
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(breakage, async (b) => {
        const res = await save(breakDefinition(b));
        expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
        const issues = res.body.error?.json?.data?.issues ?? [];
        const fields = Object.keys(res.body.error?.json?.data?.fieldErrors ?? {});
        expect(issues.length + fields.length, `no path for ${b.kind as string}`).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
    expect(await stored()).toBe(before);
  }, 240_000);
});
