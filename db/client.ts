import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema";

/** The drizzle handle every service uses; the same type on both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database =
  | { kind: "pglite"; db: Db; pglite: PGlite; close: () => Promise<void> }
  | { kind: "postgres"; db: Db; pool: pg.Pool; url: string; close: () => Promise<void> };

export type DatabaseOptions =
  /** A PostgreSQL server (`postgres://…`). */
  | { url: string; maxConnections?: number }
  /** Embedded PGlite in this folder; `memory://` keeps it in memory (tests). */
  | { dataDir: string };

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Opens a database without touching it; callers run `migrateDatabase` before first use. */
export function openDatabase(options: DatabaseOptions): Database {
  if ("url" in options) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
    // An idle client's error (server restart) must not crash the process; the pool replaces it.
    pool.on("error", (error) => console.error("[db] idle connection error:", error.message));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { kind: "postgres", db, pool, url: options.url, close: () => pool.end() };
  }
  const pglite = options.dataDir === "memory://" ? new PGlite() : new PGlite(options.dataDir);
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { kind: "pglite", db, pglite, close: () => pglite.close() };
}

/** Applies the committed drizzle-kit migrations; idempotent. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === "pglite") {
    await database.pglite.waitReady;
    await migratePglite(drizzlePglite(database.pglite), { migrationsFolder });
  } else {
    await migratePg(drizzlePg(database.pool), { migrationsFolder });
  }
}

/** A cheap round trip for health checks. */
export async function pingDatabase(database: Database): Promise<void> {
  if (database.kind === "pglite") await database.pglite.query("select 1");
  else await database.pool.query("select 1");
}
