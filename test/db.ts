import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { migrateDatabase, openDatabase, type Database } from "@/db/client";
import { setDatabase } from "@/server/db";

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the PostgreSQL
 * server of TEST_DATABASE_URL (project "postgres"), dropped afterwards. Never a mock.
 */
export async function createTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (process.env.STRATUS_TEST_DB !== "postgres") {
    const database = openDatabase({ dataDir: "memory://" });
    await migrateDatabase(database);
    return { database, drop: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("STRATUS_TEST_DB=postgres needs TEST_DATABASE_URL");
  const name = `stratus_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ url: url.toString(), maxConnections: 5 });
  await migrateDatabase(database);
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Installs a fresh database as the process's database for the test file; returns a getter. */
export function withTestDatabase(): () => Database {
  let current: { database: Database; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
    setDatabase(current.database);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await current?.drop();
  });
  return () => {
    if (!current) throw new Error("the test database is not ready yet");
    return current.database;
  };
}
