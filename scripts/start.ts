import { spawn } from "node:child_process";
import { parseEnv } from "../server/env";
import { buildIfNeeded } from "./build-if-needed";

// `npm start`: check the configuration, build when the sources changed, then serve. Migration, seeding and
// the queue start inside the server process (instrumentation.ts), which alone owns the embedded database.
let port: number;
try {
  port = parseEnv(process.env).PORT;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
buildIfNeeded();
const server = spawn("npx", ["next", "start", "-p", String(port)], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
