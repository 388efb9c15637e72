import { bootstrap } from "../server/bootstrap";
import { getDatabase } from "../server/db";
import { env } from "../server/env";
import { stopEngine } from "../server/engine/executor";
import { stopBus } from "../server/events/bus";
import { stopMetrics } from "../server/metrics/start";
import { stopQueue } from "../server/queue/boss";

// `npm run worker`: an extra engine worker process for server mode (DATABASE_URL), on any machine that
// reaches the database. Embedded mode runs the workers inside the web process instead.
if (!env().DATABASE_URL) {
  console.error("npm run worker needs DATABASE_URL (a PostgreSQL server). In embedded mode the web process does the work.");
  process.exit(1);
}
await bootstrap({ seed: false });
console.log("[stratus] worker started; waiting for jobs (Ctrl+C to stop)");
const stop = async () => {
  await stopMetrics();
  await stopEngine();
  await stopBus();
  await stopQueue();
  await getDatabase().close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
