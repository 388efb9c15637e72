import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { env } from "../env";
import { dataFilePath, readOrCreateDataFile } from "./data-files";

/**
 * Provider credentials at rest: AES-256-GCM, a random 12-byte IV per encryption and a 16-byte tag, stored
 * as `v1:<base64(iv ‖ ciphertext ‖ tag)>`. The key is STRATUS_ENCRYPTION_KEY (32 bytes, base64 or hex) or,
 * in embedded mode only, generated once into the data folder. In server mode every web and worker process
 * must decrypt what another wrote, so a key generated on one machine would be wrong: start-up refuses.
 *
 * @example const { ciphertext, keyId } = encryptSecret({ accessKeyId: "AKIA…", secretAccessKey: "…" })
 */
export const ENCRYPTION_KEY_VARIABLE = "STRATUS_ENCRYPTION_KEY";
const KEY_FILE = "encryption-key";
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export type EncryptionKey = { key: Buffer; keyId: string };

const HEX = /^[0-9a-f]{64}$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Parses a 32-byte key given as 64 hex characters or base64(url). Errors name `source`, never the value. */
export function parseEncryptionKey(raw: string, source: string = ENCRYPTION_KEY_VARIABLE): EncryptionKey {
  const text = raw.trim();
  const key = HEX.test(text) ? Buffer.from(text, "hex") : BASE64.test(text) ? Buffer.from(text, "base64") : null;
  if (!key || key.length !== KEY_BYTES) {
    throw new Error(
      `${source} must be a ${KEY_BYTES}-byte key, written as 64 hex characters or 44 base64 characters ` +
        "(generate one with: openssl rand -base64 32).",
    );
  }
  return { key, keyId: keyIdOf(key) };
}

/** First 8 hex characters of the key's SHA-256: says which key encrypted a value, so rotation is detected. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/**
 * Where the key comes from, decided from configuration alone (pure apart from `readKeyFile`, so it is
 * unit-tested): the variable when set; otherwise the data folder's key in embedded mode; otherwise an error.
 */
export function resolveEncryptionKey(
  config: { STRATUS_ENCRYPTION_KEY?: string; DATABASE_URL?: string },
  readKeyFile: () => { value: string; source: string },
): EncryptionKey {
  if (config.STRATUS_ENCRYPTION_KEY) return parseEncryptionKey(config.STRATUS_ENCRYPTION_KEY);
  if (config.DATABASE_URL) {
    throw new Error(
      `${ENCRYPTION_KEY_VARIABLE} is required when DATABASE_URL is set: every web and worker process must share ` +
        "the same key to read provider credentials (generate one with: openssl rand -base64 32).",
    );
  }
  const file = readKeyFile();
  return parseEncryptionKey(file.value, file.source);
}

const globalForKey = globalThis as { __stratusEncryptionKey?: EncryptionKey };

/** Loads (or, embedded, creates) the key once per process; start-up calls it so a bad key stops the start. */
export function ensureEncryptionKey(): { keyId: string } {
  globalForKey.__stratusEncryptionKey ??= resolveEncryptionKey(env(), () => ({
    value: readOrCreateDataFile(KEY_FILE, () => randomBytes(KEY_BYTES).toString("base64")).value,
    source: dataFilePath(KEY_FILE),
  }));
  return { keyId: globalForKey.__stratusEncryptionKey.keyId };
}

function currentKey(): EncryptionKey {
  ensureEncryptionKey();
  return globalForKey.__stratusEncryptionKey!;
}

/** The id of the key new secrets are encrypted with (compare with a row's `key_id` to find stale ones). */
export function currentKeyId(): string {
  return currentKey().keyId;
}

export function encryptWithKey(key: EncryptionKey, plain: Record<string, string>): { ciphertext: string; keyId: string } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
  const body = Buffer.concat([cipher.update(JSON.stringify(plain), "utf8"), cipher.final()]);
  const packed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
  return { ciphertext: `${VERSION}:${packed}`, keyId: key.keyId };
}

const secretRecord = z.record(z.string(), z.string());

/** Thrown when a stored secret cannot be read; the message carries no part of the secret. */
export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

export function decryptWithKey(key: EncryptionKey, ciphertext: string, keyId: string): Record<string, string> {
  if (keyId !== key.keyId) {
    throw new SecretDecryptionError(
      `This secret was encrypted with another key (id ${keyId}); the current key has id ${key.keyId}. ` +
        `Restore the previous ${ENCRYPTION_KEY_VARIABLE}, or enter the credentials again.`,
    );
  }
  const [version, packed] = ciphertext.split(":", 2);
  const raw = version === VERSION && packed ? Buffer.from(packed, "base64") : Buffer.alloc(0);
  if (raw.length < IV_BYTES + TAG_BYTES + 1) throw new SecretDecryptionError("The stored secret is not in a known format.");
  let text: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("The stored secret failed its integrity check: it was altered, or encrypted with another key.");
  }
  // JSON.parse's message quotes its input: never let it reach an error.
  let parsed: ReturnType<typeof secretRecord.safeParse> | undefined;
  try {
    parsed = secretRecord.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new SecretDecryptionError("The stored secret is not in a known format.");
  return parsed.data;
}

/** Encrypts a record of secret fields under the current key. */
export function encryptSecret(plain: Record<string, string>): { ciphertext: string; keyId: string } {
  return encryptWithKey(currentKey(), plain);
}

/** Decrypts what `encryptSecret` produced; throws SecretDecryptionError if altered or under another key. */
export function decryptSecret(ciphertext: string, keyId: string): Record<string, string> {
  return decryptWithKey(currentKey(), ciphertext, keyId);
}
