import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/db";
import { listen } from "./listen";

/**
 * Cross-process wake-ups (PostgreSQL server mode): a NOTIFY committed on any connection reaches the
 * listener at once, and a listener whose connection is killed reconnects and says so (so its owner can look
 * for work it missed). PGlite is one process: it needs no listener.
 */
const isServer = process.env.STRATUS_TEST_DB === "postgres";
const getDatabase = withTestDatabase();

async function until(check: () => boolean, ms = 5_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.runIf(isServer)("LISTEN/NOTIFY wake-ups (PostgreSQL)", () => {
  it("delivers a committed NOTIFY at once and survives a killed connection", async () => {
    const database = getDatabase();
    if (database.kind !== "postgres") throw new Error("needs the PostgreSQL server");
    const seen: string[] = [];
    const listener = await listen(database.url, "stratus_test_wake", (payload) => seen.push(payload));
    try {
      expect(seen).toEqual([""]); // the catch-up call after connecting
      const t0 = Date.now();
      await database.pool.query("select pg_notify('stratus_test_wake', 'run-1')");
      await until(() => seen.includes("run-1"));
      expect(Date.now() - t0).toBeLessThan(500); // a push, not a poll

      // Not delivered before the transaction commits, delivered after.
      const client = await database.pool.connect();
      await client.query("begin");
      await client.query("select pg_notify('stratus_test_wake', 'run-2')");
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).not.toContain("run-2");
      await client.query("commit");
      client.release();
      await until(() => seen.includes("run-2"));

      // Kill the listener's connection: it reconnects, calls back once, and hears the next NOTIFY.
      const before = seen.filter((p) => p === "").length;
      await database.pool.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'stratus-listen' and datname = current_database()");
      await until(() => seen.filter((p) => p === "").length > before, 10_000);
      await database.pool.query("select pg_notify('stratus_test_wake', 'run-3')");
      await until(() => seen.includes("run-3"));
    } finally {
      await listener.close();
    }
    const after = seen.length;
    await database.pool.query("select pg_notify('stratus_test_wake', 'run-4')");
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length).toBe(after); // closed: nothing more
  }, 30_000);
});
