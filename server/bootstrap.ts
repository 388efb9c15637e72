import "server-only";
import { migrateDatabase } from "@/db/client";
import { hasUser, SEED_ADMIN_EMAIL, seedAdmin } from "@/db/seed";
import { generatePassword, hashPassword } from "./auth/password";
import { authSecret } from "./auth/secret";
import { getDatabase } from "./db";
import { env } from "./env";
import { startWorkers } from "./engine/start";
import { startMetrics } from "./metrics/start";
import { startBus } from "./events/bus";
import { startQueue } from "./queue/boss";
import { seedDemoWorkflows } from "./services/demo-workflows";
import { seedPolicies } from "./services/policies";
import { ensureEncryptionKey } from "./secrets/crypto";
import { dataFilePath, readOrCreateDataFile } from "./secrets/data-files";

/**
 * Start-up, run once per process before it serves (instrumentation.ts) or works (scripts/worker.ts):
 * validate config, migrate, seed the first admin, start the queue and the engine's workers.
 */
export async function bootstrap(options: { seed?: boolean } = {}): Promise<void> {
  const e = env(); // throws with the variable's name on bad config
  ensureEncryptionKey(); // a missing (server mode) or malformed STRATUS_ENCRYPTION_KEY stops the start
  const database = getDatabase();
  await migrateDatabase(database);
  if (options.seed !== false) await seedFirstAdmin();
  authSecret(); // generate the session secret now rather than on the first request
  await startQueue(database);
  await startBus(database); // live updates: events of every process reach this one's subscribers
  await startWorkers(database);
  startMetrics(database); // samples engine and resource metrics where the workers run
  const where = database.kind === "pglite" ? `embedded PGlite in ${e.dataDir}` : "PostgreSQL server (DATABASE_URL)";
  console.log(`[stratus] database ready: ${where}`);
}

async function seedFirstAdmin(): Promise<void> {
  const { db } = getDatabase();
  if (await hasUser(db, SEED_ADMIN_EMAIL)) return;
  const fromEnv = env().STRATUS_ADMIN_PASSWORD;
  const password = fromEnv ?? readOrCreateDataFile("admin-password", () => generatePassword()).value;
  const adminId = await seedAdmin(db, await hashPassword(password));
  if (adminId) {
    console.log(`[stratus] created the first admin: ${SEED_ADMIN_EMAIL}`);
    await seedDemoWorkflows(db, adminId);
    await seedPolicies(db, adminId);
    if (!fromEnv) {
      // Printed once, on the start that created the account; also kept (0600) for the operator to read.
      console.log(`[stratus] its generated password is: ${password}`);
      console.log(`[stratus] (stored readable only by you in ${dataFilePath("admin-password")})`);
    }
  }
}

/** For the server's start: a failed start-up ends the process with the reason, instead of serving errors. */
export async function bootstrapOrExit(): Promise<void> {
  try {
    await bootstrap();
  } catch (error) {
    console.error(`[stratus] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
