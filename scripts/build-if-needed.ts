import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What a production build depends on; a change to any of these means `next build` must run again. */
const INPUTS = [
  "app",
  "components",
  "server",
  "lib",
  "db",
  "public",
  "instrumentation.ts",
  "proxy.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const STAMP = path.join(".next", "stratus-build-hash");

function* files(entry: string): Generator<string> {
  if (!existsSync(entry)) return;
  if (statSync(entry).isFile()) {
    yield entry;
    return;
  }
  for (const name of readdirSync(entry).sort()) yield* files(path.join(entry, name));
}

export function sourceHash(root = process.cwd()): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of files(path.join(root, input))) {
      if (/\.test\.tsx?$/.test(file)) continue;
      hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

/** Runs `next build` when there is no build or it was made from other sources. */
export function buildIfNeeded(): void {
  const built = existsSync(STAMP) ? readFileSync(STAMP, "utf8").trim() : null;
  if (built === sourceHash() && existsSync(path.join(".next", "BUILD_ID"))) return;
  console.log(built ? "[stratus] sources changed since the last build: building…" : "[stratus] first start: building (about a minute)…");
  build();
}

/** Runs `next build` and stamps the result with the hash of the sources it was built from. */
export function build(): void {
  const current = sourceHash();
  const result = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) {
    console.error("[stratus] the build failed; see above.");
    process.exit(result.status ?? 1);
  }
  writeFileSync(STAMP, `${current}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) build();
