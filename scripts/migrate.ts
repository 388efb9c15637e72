import { migrateDatabase } from "../db/client";
import { getDatabase } from "../server/db";
import { env } from "../server/env";

// `npm run db:migrate`: apply migrations without starting the server (the server also does it at start).
// Never run it against an embedded data folder while the server is running: one process per PGlite folder.
const database = getDatabase();
await migrateDatabase(database);
console.log(`[stratus] migrations applied to ${database.kind === "pglite" ? env().dataDir : "DATABASE_URL"}`);
await database.close();
