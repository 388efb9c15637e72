import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { openDatabase, type Database, type Db } from "@/db/client";
import { env } from "./env";

// One database per process, shared by every Next bundle (route handlers, pages, instrumentation) through
// globalThis: two PGlite instances on one data folder would corrupt it. Opened on first use, never at build.
const holder = globalThis as { __stratusDatabase?: Database };

export function getDatabase(): Database {
  if (!holder.__stratusDatabase) {
    const e = env();
    if (!e.DATABASE_URL) mkdirSync(e.dataDir, { recursive: true, mode: 0o700 });
    holder.__stratusDatabase = e.DATABASE_URL
      ? openDatabase({ url: e.DATABASE_URL, maxConnections: e.STRATUS_DB_POOL_SIZE })
      : openDatabase({ dataDir: path.join(e.dataDir, "pglite") });
  }
  return holder.__stratusDatabase;
}

/** The drizzle handle. */
export function db(): Db {
  return getDatabase().db;
}

/** Tests install their own database (a fresh PGlite or a fresh PostgreSQL database). */
export function setDatabase(database: Database | undefined): void {
  holder.__stratusDatabase = database;
}
