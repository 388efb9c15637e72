import "server-only";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env";

/**
 * Secrets generated on first start live in the data folder, readable only by the owner (0600). Returns the
 * stored value, creating it with `generate` when absent; `isNew` says whether it was just created.
 */
export function readOrCreateDataFile(name: string, generate: () => string): { value: string; isNew: boolean } {
  const dir = env().dataDir;
  const file = path.join(dir, name);
  if (existsSync(file)) return { value: readFileSync(file, "utf8").trim(), isNew: false };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = generate();
  // `wx` fails if another process created it meanwhile; then we read theirs.
  try {
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  } catch {
    return { value: readFileSync(file, "utf8").trim(), isNew: false };
  }
  chmodSync(file, 0o600); // the umask must not widen it
  return { value, isNew: true };
}

export function dataFilePath(name: string): string {
  return path.join(env().dataDir, name);
}
