// `npm run bench -- api`: request-path costs of the foundation, printed as a table. Not part of `npm test`.
//   sign-in hash      argon2id (OWASP parameters) hash + verify, i.e. the CPU cost of one password sign-in
//   me.get            a tRPC query through the real route handler: session decode + role lookup + answer
//   users.list        the same plus a paginated, counted query over 1,000 users
//   users.setRole     a mutation: permission check, last-admin guard transaction, audit row
// On embedded PGlite (in memory); set BENCH_DATABASE_URL=postgres://… to run against a PostgreSQL server.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import pg from "pg";

export async function runApiBench(): Promise<void> {
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.STRATUS_DATA_DIR ??= `/tmp/stratus-bench-${process.pid}`;

  const { migrateDatabase, openDatabase } = await import("../db/client");
  const { users } = await import("../db/schema");
  const { setDatabase } = await import("../server/db");
  const { hashPassword, verifyPassword } = await import("../server/auth/password");
  const { GET, POST } = await import("../app/api/trpc/[trpc]/route");

  const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
  const url = process.env.BENCH_DATABASE_URL;
  let dropDb: (() => Promise<void>) | undefined;
  let database;
  if (url) {
    const name = `stratus_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    database = openDatabase({ url: u.toString() });
    dropDb = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    database = openDatabase({ dataDir: "memory://" });
  }
  await migrateDatabase(database);
  setDatabase(database);

  const hash = await hashPassword("benchmark password");
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    email: `user${String(i).padStart(4, "0")}@bench.local`,
    name: `User ${i}`,
    role: (["viewer", "operator", "admin"] as const)[i % 3]!,
    passwordHash: hash,
  }));
  const inserted = await database.db.insert(users).values(rows).returning({ id: users.id, role: users.role });
  const adminId = inserted.find((r) => r.role === "admin")!.id;
  const targetId = inserted.find((r) => r.role === "viewer")!.id;
  const cookie = `next-auth.session-token=${await encode({ token: { sub: adminId }, secret: process.env.NEXTAUTH_SECRET })}`;

  async function measure(name: string, n: number, fn: (i: number) => Promise<unknown>) {
    for (let i = 0; i < Math.min(20, n); i++) await fn(i); // warm-up
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await fn(i);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    return { name, n, p50: q(0.5), p95: q(0.95), max: times[times.length - 1]! };
  }

  const query = (path: string, input: unknown) =>
    GET(new NextRequest(`http://bench/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie } }));
  const mutate = (path: string, input: unknown) =>
    POST(new NextRequest(`http://bench/api/trpc/${path}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ json: input }) }));

  async function ok(res: Promise<Response>) {
    const r = await res;
    if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
  }

  const results = [
    await measure("sign-in hash (argon2id m=19MiB t=2)", 30, async () => verifyPassword(await hashPassword("pw-123456789012"), "pw-123456789012")),
    await measure("me.get", ITERATIONS, () => ok(query("me.get", undefined))),
    await measure("users.list (page of 20 of 1,000, search)", ITERATIONS, (i) => ok(query("users.list", { search: `user0${i % 10}`, page: 1 + (i % 3), pageSize: 20 }))),
    await measure("users.setRole (guard + audit)", ITERATIONS, (i) => ok(mutate("users.setRole", { id: targetId, role: i % 2 ? "viewer" : "operator" }))),
  ];

  console.log(`\nStratus foundation bench — ${database.kind}, Node ${process.version}\n`);
  console.log(`| operation | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|`);
  for (const r of results) console.log(`| ${r.name} | ${r.n} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.max.toFixed(2)} |`);
  await database.close();
  await dropDb?.();
}
