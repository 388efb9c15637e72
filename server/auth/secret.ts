import "server-only";
import { randomBytes } from "node:crypto";
import { env } from "../env";
import { readOrCreateDataFile } from "../secrets/data-files";

/** Signs and encrypts session JWTs: NEXTAUTH_SECRET, or one generated into the data folder on first use. */
export function authSecret(): string {
  return env().NEXTAUTH_SECRET ?? readOrCreateDataFile("auth-secret", () => randomBytes(32).toString("base64url")).value;
}
