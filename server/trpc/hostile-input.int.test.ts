import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exportWorkflow, importWorkflow } from "@/lib/workflow/io";
import { TEMPLATES } from "@/lib/workflow/templates";
import { withTestDatabase } from "@/test/db";
import { HostileLedger, inParallel, type Verdict } from "@/test/hostile";
import { mutationBody, queryPath, sendTrpc, type TrpcReply } from "@/test/trpc-http";
import { createTestUser, sessionCookie } from "@/test/users";
import { getStep } from "@/lib/catalog";
import { brokenDefinition, DEFINITION_BREAKAGES, hostileStrings, longUnicode, STORED_BREAKAGES } from "./hostile-input.fixtures";

/**
 * Issue 6 item 7: over a thousand generated malformed or hostile inputs — definitions, imports, policy
 * expressions, run inputs, raw HTTP — sent through the real route handler on the real database. Every one
 * must be refused with a 4xx and a clear message (never a 500, never a leak), and the server must stay
 * healthy. Generated with fixed seeds, so a failure is reproducible.
 */
const getDatabase = withTestDatabase();
const ledger = new HostileLedger();
const base = TEMPLATES.find((t) => t.id === "blue-green-deploy")!.definition;
const WIDTH = 6;
const sample = <T,>(arb: fc.Arbitrary<T>, seed: number, numRuns: number) => fc.sample(arb, { seed, numRuns });

let admin = "";
let operator = "";
let workflowId = "";
let policyId = "";
/** Audit rows the server could not write (it logs them): every hostile mutation must still be on record. */
const lostAuditRows: string[] = [];
beforeAll(async () => {
  const error = console.error.bind(console);
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("[audit]")) lostAuditRows.push(args[0].slice(0, 200));
    else error(...args);
  });
  const { db } = getDatabase();
  admin = await sessionCookie((await createTestUser(db, "admin")).id);
  operator = await sessionCookie((await createTestUser(db, "operator")).id);
  const created = await send("workflows.create", { name: "Hostile target", description: "" });
  workflowId = (JSON.parse(created.text) as { result: { data: { json: { id: string } } } }).result.data.json.id;
  // Inputs of every type, all required, so a run's inputs can be wrong in every way.
  const definition = {
    ...base,
    inputs: [
      ...base.inputs,
      { name: "text", type: "string" },
      { name: "count", type: "number" },
      { name: "flag", type: "boolean" },
      { name: "tier", type: "select", options: ["small", "large"] },
    ],
  };
  expect((await send("workflows.save", { id: workflowId, baseVersion: 1, message: "", definition })).status).toBe(200);
  const policy = await send("policies.create", { name: "Hostile baseline", expression: 'resource.region != ""', message: "m", effect: "warn" }, admin);
  expect(policy.status, policy.text).toBe(200);
  // Updates are aimed at a second policy, so that renaming one to the baseline's name is a conflict.
  const target = await send("policies.create", { name: "Hostile target", expression: 'resource.region != ""', message: "m", effect: "warn" }, admin);
  policyId = (JSON.parse(target.text) as { result: { data: { json: { id: string } } } }).result.data.json.id;
});

async function send(path: string, input: unknown, cookie = operator): Promise<TrpcReply> {
  return sendTrpc(path, { cookie, body: mutationBody(input) });
}
async function query(path: string, input: unknown, cookie = operator): Promise<TrpcReply> {
  return sendTrpc(queryPath(path, input), { method: "GET", cookie });
}

type Case = { label: string; call: () => Promise<TrpcReply>; verdict?: Verdict; maxMs?: number };
/** Sends every case, judges each, and fails listing every input that was not refused cleanly. */
async function runCases(category: string, cases: Case[]) {
  const slow: string[] = [];
  const from = ledger.failures.length;
  await inParallel(cases, WIDTH, async (c) => {
    const started = Date.now();
    let reply: TrpcReply | Error;
    try {
      reply = await c.call();
    } catch (error) {
      reply = error instanceof Error ? error : new Error(String(error));
    }
    const ms = Date.now() - started;
    if (c.maxMs && ms > c.maxMs) slow.push(`${c.label.slice(0, 80)}: ${ms} ms`);
    ledger.judge(category, c.label, reply, c.verdict);
  });
  expect(slow, "hostile expressions must not hold the server").toEqual([]);
  ledger.expectClean(from);
}

describe("hostile input over HTTP: refused with a clear 4xx, never a 500", () => {
  it("raw HTTP abuse: malformed bodies, content types, methods, batches, query strings", async () => {
    const cases: Case[] = [];
    const validBody = mutationBody({ name: "x", description: "" });
    for (const [i, text] of sample(fc.oneof(fc.string({ maxLength: 60 }), fc.nat({ max: validBody.length - 1 }).map((n) => validBody.slice(0, n))), 11, 60).entries()) {
      if (isJsonObject(text)) continue;
      cases.push({ label: `malformed body #${i} ${JSON.stringify(text)}`, call: () => sendTrpc("workflows.create", { cookie: operator, body: text }) });
    }
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "", "application/jsonx", "json"]) {
      cases.push({ label: `content-type ${type}`, call: () => sendTrpc("workflows.create", { cookie: operator, body: validBody, headers: { "content-type": type } }) });
    }
    cases.push({ label: "3 MB body", call: () => sendTrpc("workflows.import", { cookie: operator, body: mutationBody({ text: "x".repeat(3_000_000) }) }), verdict: { field: "text" } });
    cases.push({ label: "3 MB name", call: () => send("workflows.create", { name: "n".repeat(3_000_000) }), verdict: { field: "name" } });
    for (const m of ["workflows.create", "workflows.save", "workflows.import", "policies.create", "policies.update", "runs.start"]) {
      cases.push({ label: `GET on mutation ${m}`, call: () => sendTrpc(queryPath(m, {}), { method: "GET", cookie: admin }) });
    }
    for (const q of ["workflows.list", "policies.validate", "policies.test", "workflows.checkPolicies"]) {
      cases.push({ label: `POST on query ${q}`, call: () => sendTrpc(q, { cookie: admin, body: mutationBody({}) }) });
    }
    for (const n of [2, 50, 300]) {
      const paths = Array.from({ length: n }, () => "workflows.create").join(",");
      const body = JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: { name: i % 2 ? "" : 12 } }])));
      cases.push({ label: `batch of ${n} bad creates`, call: () => sendTrpc(`${paths}?batch=1`, { cookie: operator, body }) });
      const queries = Array.from({ length: n }, () => "policies.validate").join(",");
      const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: { expression: i } }]))));
      cases.push({ label: `batch of ${n} bad validates`, call: () => sendTrpc(`${queries}?batch=1&input=${input}`, { method: "GET", cookie: admin }) });
    }
    cases.push({ label: "batch body not an object", call: () => sendTrpc("workflows.create,workflows.create?batch=1", { cookie: operator, body: "[1,2]" }) });
    cases.push({ label: "batch of unknown procedures", call: () => sendTrpc("nope.a,nope.b?batch=1", { cookie: operator, body: "{}" }) });
    const garbled = ["", "input=", "input=%7B", "input=%E0%A4%A", "input=%", "input=%25%", "input=null", "input=%7B%22json%22%3A1%7D", "input=%5B%5D", "batch=1&input=%7B%7D", "batch=1", "input=%7B%22json%22%3A%7B%22id%22%3A%22%00%22%7D%7D", "input=" + "%7B%22a%22%3A".repeat(2000)];
    for (const qs of garbled) {
      cases.push({ label: `workflows.get?${qs.slice(0, 60)}`, call: () => sendTrpc(`workflows.get?${qs}`, { method: "GET", cookie: operator }) });
    }
    for (const path of ["nope", "workflows", "workflows.create.x", "__proto__", "constructor", "workflows.__proto__", "%00", "workflows.get%00"]) {
      cases.push({ label: `unknown path ${path}`, call: () => sendTrpc(path, { cookie: operator, body: validBody }) });
    }
    const meta = ['{"json":{"name":"a"},"meta":{"values":{"name":["bigint"]}}}', '{"json":{"name":"a"},"meta":{"values":{"name":["custom","x"]}}}', '{"json":{"name":"a"},"meta":{"values":"x"}}', '{"json":{"name":"a"},"meta":{"values":{"__proto__.x":["Date"]}}}'];
    for (const body of meta) cases.push({ label: `superjson meta ${body}`, call: () => sendTrpc("workflows.create", { cookie: operator, body }) });
    await runCases("raw HTTP", cases);
  }, 60_000);

  it("workflows.create: wrong types, empty, huge, control and RTL characters, unknown templates", async () => {
    const name = fc.oneof(
      fc.record({ field: fc.constant("name"), value: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 }), fc.constant(""), fc.stringMatching(/^[ \t\n]{1,5}$/), fc.string({ minLength: 201, maxLength: 400 }), longUnicode(200), hostileStrings) }),
      fc.record({ field: fc.constant("description"), value: fc.oneof(fc.integer(), fc.constant(null), fc.string({ minLength: 2001, maxLength: 3000 }), hostileStrings) }),
      fc.record({ field: fc.constant("templateId"), value: fc.oneof(fc.integer(), fc.string({ minLength: 101, maxLength: 150 }), fc.stringMatching(/^[a-z-]{1,30}$/).map((s) => `no-${s}`), hostileStrings) }),
    );
    const cases: Case[] = sample(name, 21, 110).map((b, i) => {
      const input = { name: "Valid name", description: "", [b.field]: b.value };
      return { label: `#${i} ${b.field}=${JSON.stringify(b.value)?.slice(0, 80)}`, call: () => send("workflows.create", input), verdict: { field: b.field } };
    });
    for (const v of ["a string", 42, null, [1, 2], true]) cases.push({ label: `input ${JSON.stringify(v)}`, call: () => send("workflows.create", v) });
    await runCases("workflows.create", cases);
  }, 60_000);

  it("workflows.save: broken definitions (cycles, dangling edges, 10k nodes, unknown types, bad templates, NUL, deep, huge)", async () => {
    const version = 2;
    const cases: Case[] = sample(STORED_BREAKAGES, 31, 200).map((b, i) => ({
      label: `#${i} ${b.kind}`,
      call: () => sendTrpc("workflows.save", { cookie: operator, body: `{"json":{"id":${JSON.stringify(workflowId)},"baseVersion":${version},"message":"","definition":${brokenDefinition(b)}}}` }),
      verdict: { isPathRequired: true, status: 400 },
    }));
    const valid = { id: workflowId, baseVersion: version, message: "", definition: base };
    for (const [field, value] of [["id", "not-a-uuid"], ["id", 5], ["id", "00000000-0000-4000-8000-000000000000"], ["baseVersion", -1], ["baseVersion", "2"], ["baseVersion", 1.5], ["baseVersion", null], ["message", "m".repeat(501)], ["message", 7]] as const) {
      cases.push({ label: `${field}=${JSON.stringify(value)}`, call: () => send("workflows.save", { ...valid, [field]: value }), verdict: { field } });
    }
    cases.push({ label: "stale baseVersion", call: () => send("workflows.save", { ...valid, baseVersion: 1 }) });
    await runCases("workflows.save", cases);
  }, 120_000);

  it("workflows.import: truncated, huge, deep, cyclic, polluting, NUL and RTL files in JSON and YAML", async () => {
    const cases: Case[] = [];
    const formats = [undefined, "json", "yaml"] as const;
    const importCase = (label: string, text: string, i: number, verdict: Verdict = { isPathRequired: true }) =>
      cases.push({ label, call: () => send("workflows.import", { text, ...(formats[i % 3] ? { format: formats[i % 3] } : {}) }), verdict });
    const exports = TEMPLATES.flatMap((t) => (["json", "yaml"] as const).map((f) => exportWorkflow({ name: t.name, description: t.description, definition: t.definition }, f)));
    let n = 0;
    for (const [k, cut] of sample(fc.tuple(fc.nat({ max: exports.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true })), 41, 200)) {
      const text = exports[k]!.slice(0, Math.floor(cut * exports[k]!.length));
      // Some cuts of a YAML file still read as a whole (smaller) valid workflow: those are not hostile.
      if (text.trim() === "" || importWorkflow(text, getStep, k % 2 ? "yaml" : "json").ok) continue;
      cases.push({ label: `truncated #${k} at ${text.length}`, call: () => send("workflows.import", { text, format: k % 2 ? "yaml" : "json" }), verdict: { isPathRequired: true } });
      if (++n >= 90) break;
    }
    const doc = (definition: string, head = '"name":"Imported","description":""') => `{"apiVersion":"stratus/v1","kind":"Workflow",${head},"definition":${definition}}`;
    for (const [i, b] of sample(STORED_BREAKAGES, 43, 90).entries()) importCase(`broken definition #${i} ${b.kind}`, doc(brokenDefinition(b)), i);
    const good = JSON.stringify(base);
    const heads = ['"name":"a\\u0000b","description":""', '"name":5,"description":""', '"description":""', '"name":"x","description":"","extra":1', `"name":"x","description":"${"d".repeat(2001)}"`, `"name":"${"\\u202e".repeat(201)}","description":""`, '"name":"x","description":"","__proto__":{"polluted":true}', '"name":"x","description":"","constructor":{"prototype":{"polluted":true}}', '"name":"   ","description":""'];
    heads.forEach((h, i) => importCase(`document head ${h.slice(0, 60)}`, doc(good, h), i));
    importCase("wrong apiVersion", doc(good).replace("stratus/v1", "stratus/v0"), 0);
    importCase("wrong kind", doc(good).replace('"Workflow"', '"Policy"'), 1);
    for (const [i, text] of ["[".repeat(100_000), '{"a":'.repeat(50_000), "- ".repeat(5_000) + "x", "[".repeat(1_000) + "]".repeat(1_000), "null", "42", '"just a string"', "[]", "{}", "\uFEFF{}", "%YAML 9.9\n---\na: 1", ": : :", "a: &a [*a]", "definition: !!js/function 'x'", "\t\tbad: indent\n  x"].entries()) {
      importCase(`shape ${text.slice(0, 40)}`, text, i);
    }
    const yamlDoc = (definition: string) => `apiVersion: stratus/v1\nkind: Workflow\nname: Imported\ndefinition:\n${definition}`;
    const yamlCases = [
      "  nodes: &n\n    - *n", // a list that holds itself
      '  nodes:\n    - id: a\n      type: wait\n      name: A\n      position: {x: 0, y: 0}\n      config: &c {self: *c}', // a config that holds itself
      '  nodes:\n    - id: a\n      type: wait\n      name: "A\\0B"\n      position: {x: 0, y: 0}', // NUL written the YAML way
      "  __proto__: {polluted: true}\n  nodes: []",
      "  nodes: []\n  constructor: {prototype: {polluted: true}}",
      `  nodes: []\n  x: &a0 [lol]\n${Array.from({ length: 12 }, (_, i) => `  l${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(",")}]`).join("\n")}`, // billion laughs
    ];
    yamlCases.forEach((d) => importCase(`yaml ${d.slice(0, 50)}`, yamlDoc(d), 2));
    for (const [label, input, field] of [["text empty", { text: "" }, "text"], ["text number", { text: 5 }, "text"], ["format xml", { text: "{}", format: "xml" }, "format"], ["text over 2 MB", { text: " ".repeat(2_000_001) }, "text"], ["description of 1.9 MB", { text: doc(good, `"name":"x","description":"${"d".repeat(1_900_000)}"`) }, "description"]] as const) {
      cases.push({ label, call: () => send("workflows.import", input), verdict: { field } });
    }
    await runCases("workflows.import", cases);
  }, 120_000);

  it("workflows.checkPolicies: malformed inputs are refused; a definition that does not parse is not judged", async () => {
    const cases: Case[] = [];
    for (const [field, value] of [["workflowId", "nope"], ["workflowId", 1], ["name", 5], ["name", "n".repeat(201)], ["name", "a\u0000"], ["extra", true], ["definition", { nodes: [{ name: "\u0000" }] }]] as const) {
      cases.push({ label: `${field}=${JSON.stringify(value)}`, call: () => query("workflows.checkPolicies", { name: "x", definition: base, [field]: value }), verdict: { field } });
    }
    for (const v of [null, "x", [1], 3]) cases.push({ label: `input ${JSON.stringify(v)}`, call: () => query("workflows.checkPolicies", v) });
    await runCases("workflows.checkPolicies", cases);
    // Broken drafts are the designer's daily bread: they are answered (nothing judged), never a 500.
    const drafts = sample(DEFINITION_BREAKAGES.filter((b) => b.kind !== "proto" && b.kind !== "nul" && b.kind !== "many-nodes"), 51, 40);
    await inParallel(drafts, WIDTH, async (b) => {
      const reply = await sendTrpc(`workflows.checkPolicies?input=${encodeURIComponent(`{"json":{"name":"x","definition":${brokenDefinition(b)}}}`)}`, { method: "GET", cookie: operator });
      expect(reply.status, `${b.kind}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
    });
  }, 60_000);

  it("policies.create / update: bad CEL, bombs, bad fields — refused, in a few seconds at most", async () => {
    const valid = { name: "Valid policy", description: "", expression: 'resource.region == "us-east-1"', message: "Use us-east-1.", effect: "deny" };
    const fieldBreakage = fc.oneof(
      badExpressions.map((value) => ({ field: "expression", value })),
      fc.constantFrom<[string, unknown]>(["expression", ""], ["expression", "   "], ["expression", "x".repeat(4001)], ["expression", 5], ["expression", null], ["name", ""], ["name", "n".repeat(101)], ["name", 1], ["name", "Hostile baseline"], ["message", ""], ["message", "m".repeat(501)], ["description", "d".repeat(2001)], ["effect", "allow"], ["effect", "DENY"], ["effect", 1], ["effect", null], ["scopeProviders", ["aws"]], ["scopeProviders", "aws-sim"], ["scopeProviders", Array(21).fill("aws-sim")], ["scopeProviders", [""]], ["scopeStepTypes", ["nope"]], ["scopeStepTypes", [1]], ["isEnabled", "yes"], ["priority", 1]).map(([field, value]) => ({ field, value })),
      hostileStrings.map((value) => ({ field: "name", value })),
    );
    const cases: Case[] = sample(fieldBreakage, 61, 230).flatMap((b, i) => {
      const input = { ...valid, name: `Policy ${i}`, [b.field]: b.value };
      const label = `#${i} ${b.field}=${JSON.stringify(b.value)?.slice(0, 80)}`;
      const verdict = { field: b.field };
      return i % 3 === 2
        ? [{ label: `update ${label}`, call: () => send("policies.update", { ...input, id: policyId }, admin), verdict, maxMs: CEL_MS }]
        : [{ label: `create ${label}`, call: () => send("policies.create", input, admin), verdict, maxMs: CEL_MS }];
    });
    BOMBS.forEach((expression, i) => cases.push({ label: `create bomb ${i}`, call: () => send("policies.create", { ...valid, name: `Bomb ${i}`, expression }, admin), verdict: { field: "expression" }, maxMs: CEL_MS }));
    for (const id of ["nope", 5, "00000000-0000-4000-8000-000000000000"]) cases.push({ label: `update id ${id}`, call: () => send("policies.update", { ...valid, id }, admin), verdict: { field: "id" } });
    await runCases("policies.create/update", cases);
  }, 120_000);

  it("policies.validate / test: bad CEL and wrong-typed facts answer { ok: false } with a reason, in a few seconds at most", async () => {
    const cases: Case[] = [...sample(badExpressions, 71, 120), ...BOMBS].map((expression, i) => ({
      label: `validate #${i} ${expression.slice(0, 80)}`,
      call: () => query("policies.validate", { expression }, admin),
      verdict: { isResult: true },
      maxMs: CEL_MS,
    }));
    const facts = { resource: { type: "compute.instance", action: "create", provider: "aws-sim", region: "us-east-1", size: "small", count: 1, tags: { owner: "x" }, public: false, monthlyCost: 1 } };
    for (const [i, expression] of [...sample(badExpressions, 72, 80), ...sample(failingExpressions, 73, 30), ...BOMBS].entries()) {
      cases.push({ label: `test #${i} ${expression.slice(0, 80)}`, call: () => query("policies.test", { expression, facts }, admin), verdict: { isResult: true }, maxMs: CEL_MS });
    }
    // Facts of the wrong type: each expression reads one fact the way a right-typed fact would allow.
    const wrong = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
    const reads: [string, string][] = [["region", 'resource.region.startsWith("us")'], ["public", "!resource.public"], ["tags", 'resource.tags["owner"] == "x"'], ["count", "resource.count + 1 > 0"], ["size", 'resource.size.startsWith("s")']];
    for (const [i, [value, k]] of sample(fc.tuple(wrong, fc.nat({ max: reads.length - 1 })), 74, 80).entries()) {
      const [fact, expression] = reads[k]!;
      // Some wrong types still work for some reads (an int plus one is fine for count): those are skipped.
      if ((fact === "count" && typeof value === "number") || (fact === "public" && typeof value === "boolean")) continue;
      cases.push({ label: `test facts #${i} resource.${fact}=${JSON.stringify(value)?.slice(0, 60)}`, call: () => query("policies.test", { expression, facts: { resource: { ...facts.resource, [fact]: value } } }, admin), verdict: { isResult: true }, maxMs: CEL_MS });
    }
    for (const [label, input, field] of [["expression number", { expression: 5 }, "expression"], ["expression over 4000", { expression: "x".repeat(4001) }, "expression"], ["extra key", { expression: "true", x: 1 }, ""]] as const) {
      cases.push({ label: `validate ${label}`, call: () => query("policies.validate", input, admin), verdict: field ? { field } : {} });
    }
    for (const f of [5, "x", null, [1]]) cases.push({ label: `test facts ${JSON.stringify(f)}`, call: () => query("policies.test", { expression: "true", facts: f }, admin), verdict: { field: "facts" } });
    await runCases("policies.validate/test", cases);
  }, 120_000);

  it("runs.start: run inputs of the wrong type, missing, extra, huge, NaN/Infinity, nested", async () => {
    const valid = { app_image: "web:2", load_balancer_id: "lb-1", text: "hi", count: 3, flag: true, tier: "small" };
    const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 2 }));
    const breakage = fc.oneof(
      fc.record({ key: fc.constant("text"), value: fc.oneof(notString, fc.integer({ min: 10_001, max: 200_000 }).map((n) => "t".repeat(n)), hostileStrings) }),
      fc.record({ key: fc.constant("count"), value: fc.oneof(fc.constantFrom("NaN", "Infinity", "-Infinity", "1e400", "-1e999", "abc", "", "  ", "0x", "1,5", null, true, false, [], [1, 2], {}, { n: 1 }, "١٢"), fc.string({ maxLength: 6 }).filter((t) => t.trim() === "" || Number.isNaN(Number(t)))) }),
      fc.record({ key: fc.constant("flag"), value: fc.oneof(fc.constantFrom("true", "false", 1, 0, null, "yes", [], {}), fc.string({ maxLength: 4 })) }),
      fc.record({ key: fc.constant("tier"), value: fc.oneof(fc.constantFrom("medium", "", "SMALL", " small", 1, null, ["small"], { small: true }), hostileStrings) }),
      fc.record({ key: fc.stringMatching(/^[a-z_]{1,12}$/).filter((k) => !(k in valid)).map((k) => `x_${k}`), value: fc.anything({ maxDepth: 2 }).filter((v) => v !== undefined) }),
      fc.record({ key: fc.constantFrom("text", "count", "flag", "tier"), value: fc.constant(undefined) }),
    );
    const cases: Case[] = sample(breakage, 81, 180).map((b, i) => {
      const inputs: Record<string, unknown> = { ...valid, [b.key]: b.value };
      if (b.value === undefined) delete inputs[b.key];
      // An unknown key is named in the message ("Unrecognized key"); a known one by its path.
      const field = b.key.startsWith("x_") ? b.key : `inputs.${b.key}`;
      return { label: `#${i} ${b.key}=${JSON.stringify(b.value)?.slice(0, 60)}`, call: () => send("runs.start", { workflowId, inputs }), verdict: { field } };
    });
    for (const v of ["x", 5, null, [1], true]) cases.push({ label: `inputs ${JSON.stringify(v)}`, call: () => send("runs.start", { workflowId, inputs: v }), verdict: { field: "inputs" } });
    for (const id of ["nope", 5, "00000000-0000-4000-8000-000000000000"]) cases.push({ label: `workflowId ${id}`, call: () => send("runs.start", { workflowId: id, inputs: valid }), verdict: { field: "workflowId" } });
    await runCases("runs.start", cases);
  }, 120_000);

  it("the server is still healthy afterwards, and over a thousand hostile inputs were refused", async () => {
    expect((await query("workflows.get", { id: workflowId })).status).toBe(200);
    const check = await query("policies.validate", { expression: 'resource.region == "us-east-1"' }, admin);
    expect(JSON.parse(check.text)).toMatchObject({ result: { data: { json: { ok: true } } } });
    expect(ledger.total).toBeGreaterThanOrEqual(1000);
    expect(lostAuditRows, "audit rows that could not be written").toEqual([]);
  });
});

/** CEL that must never be accepted as a policy: syntax errors, nesting, unknown names, non-boolean results, bombs. */
const L = `[${Array.from({ length: 10 }, (_, i) => i).join(",")}]`;
const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/).filter((s) => !["resource", "step", "workflow", "actor", "run", "true", "false", "null", "in", "has"].includes(s));
const badExpressions = fc.oneof(
  fc.tuple(fc.constantFrom("resource.region ==", "((((", "1 +", '"unterminated', "a.b.c(", "]", "true &&& false", "resource.", "[1, 2", "{1: }", "? :", "resource.count >> 1", "'", "resource.tags[", "!"), fc.string({ maxLength: 5 })).map(([a, b]) => `${a}${b.replace(/[")\]\]}]/g, "")}(`),
  fc.integer({ min: 251, max: 1999 }).map((n) => `${"(".repeat(n)}true${")".repeat(n)}`),
  fc.integer({ min: 2000, max: 3990 }).map((n) => `${"!".repeat(n)}true`),
  fc.integer({ min: 2000, max: 3900 }).map((n) => `${"-".repeat(n)}1 > 0`),
  fc.integer({ min: 300, max: 1300 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)} == []`),
  identifier.map((f) => `${f}(resource.region)`),
  identifier.map((f) => `resource.region.${f}()`),
  identifier.map((v) => `${v}.x == 1`),
  fc.constantFrom("1 + 2", '"x"', "resource.tags", "[1]", "resource.count * 2", "{}", "null", "resource.monthlyCost", "run", "b'abc'", "1u", "2.5", "duration('1s')"),
);
/** Each would run for minutes; the server stops them after a second (server/policy/guard.ts). Sent a few times only. */
const BOMBS = [`${L}.all(a, ${L}.all(b, ${L}.all(c, ${L}.all(d, ${L}.all(e, ${L}.all(f, ${L}.all(g, ${L}.all(h, ${L}.all(i, true)))))))))`, `"${"a".repeat(40)}!".matches("^(a+)+$")`, `"${"a".repeat(3000)}!".matches("^(a|a)*$")`];
/** Wrong at run time on any facts (validate accepts them: evaluation errors can depend on facts); `test` reports them. */
const failingExpressions = fc.constantFrom("1 / 0 == 1", "1 % 0 == 0", "9223372036854775807 + 1 > 0", "-9223372036854775808 - 1 < 0", '"a".matches("(") ', 'resource.region.matches("[")', "int(\"x\") == 1", "resource.tags.nope == \"\"", "[1][5] == 1", "18446744073709551615u + 1u > 0u");
const CEL_MS = 5000;

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && "json" in v && JSON.stringify(v.json).includes('"name":"x"');
  } catch {
    return false;
  }
}

afterAll(() => {
  vi.restoreAllMocks();
  console.info(`hostile inputs by category: ${JSON.stringify(Object.fromEntries(ledger.counts))}, total ${ledger.total}`);
});
