import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { env } from "../env";
import {
  decryptSecret,
  decryptWithKey,
  encryptSecret,
  encryptWithKey,
  ensureEncryptionKey,
  keyIdOf,
  parseEncryptionKey,
  resolveEncryptionKey,
  SecretDecryptionError,
} from "./crypto";
import { dataFilePath } from "./data-files";

const SECRET = { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const newKey = () => parseEncryptionKey(randomBytes(32).toString("base64"));
const noKeyFile = () => {
  throw new Error("must not read the key file");
};

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected an error");
}

describe("encryption of secrets", () => {
  it("round-trips, with a fresh IV each time, in the v1 format", () => {
    const key = newKey();
    const a = encryptWithKey(key, SECRET);
    const b = encryptWithKey(key, SECRET);
    expect(a.ciphertext).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext).not.toContain(SECRET.secretAccessKey);
    expect(Buffer.from(a.ciphertext.slice(3), "base64").toString("latin1")).not.toContain(SECRET.secretAccessKey);
    expect(a.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(decryptWithKey(key, a.ciphertext, a.keyId)).toEqual(SECRET);
    expect(decryptWithKey(key, b.ciphertext, b.keyId)).toEqual(SECRET);
  });

  it("rejects a tampered ciphertext, IV or tag", () => {
    const key = newKey();
    const { ciphertext, keyId } = encryptWithKey(key, SECRET);
    const raw = Buffer.from(ciphertext.slice(3), "base64");
    for (const index of [0, 12, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[index] = tampered[index]! ^ 0x01;
      const error = errorOf(() => decryptWithKey(key, `v1:${tampered.toString("base64")}`, keyId));
      expect(error).toBeInstanceOf(SecretDecryptionError);
      expect(error.message).toMatch(/integrity check/);
    }
    expect(() => decryptWithKey(key, "v2:abcd", keyId)).toThrow(/not in a known format/);
    expect(() => decryptWithKey(key, "v1:", keyId)).toThrow(/not in a known format/);
  });

  it("rejects a wrong key, whether or not the key id gives it away", () => {
    const right = newKey();
    const wrong = newKey();
    const { ciphertext, keyId } = encryptWithKey(right, SECRET);
    expect(() => decryptWithKey(wrong, ciphertext, keyId)).toThrow(/encrypted with another key \(id [0-9a-f]{8}\)/);
    // Even with a forged key id, GCM's tag refuses it.
    expect(() => decryptWithKey(wrong, ciphertext, wrong.keyId)).toThrow(/integrity check/);
  });

  it("accepts a key as hex or base64 and derives the same key id", () => {
    const bytes = randomBytes(32);
    const fromHex = parseEncryptionKey(bytes.toString("hex"));
    const fromBase64 = parseEncryptionKey(` ${bytes.toString("base64")} `);
    expect(fromHex.key.equals(bytes)).toBe(true);
    expect(fromBase64.key.equals(bytes)).toBe(true);
    expect(fromHex.keyId).toBe(keyIdOf(bytes));
    expect(fromBase64.keyId).toBe(fromHex.keyId);
  });

  it("refuses a key of the wrong length, naming the variable and not the value", () => {
    for (const value of [randomBytes(16).toString("base64"), "a".repeat(63), "not a key at all!", randomBytes(33).toString("hex")]) {
      const error = errorOf(() => resolveEncryptionKey({ STRATUS_ENCRYPTION_KEY: value }, noKeyFile));
      expect(error.message).toMatch(/^STRATUS_ENCRYPTION_KEY must be a 32-byte key/);
      expect(error.message).not.toContain(value);
    }
  });

  it("refuses to start in server mode without a key, and never generates one there", () => {
    const error = errorOf(() => resolveEncryptionKey({ DATABASE_URL: "postgres://db/stratus" }, noKeyFile));
    expect(error.message).toMatch(/STRATUS_ENCRYPTION_KEY is required when DATABASE_URL is set/);
    const key = randomBytes(32).toString("hex");
    expect(resolveEncryptionKey({ DATABASE_URL: "postgres://db/stratus", STRATUS_ENCRYPTION_KEY: key }, noKeyFile).keyId).toBe(
      keyIdOf(Buffer.from(key, "hex")),
    );
  });

  it("names the key file, not its content, when a stored key is damaged", () => {
    const error = errorOf(() => resolveEncryptionKey({}, () => ({ value: "short", source: "/data/encryption-key" })));
    expect(error.message).toMatch(/^\/data\/encryption-key must be a 32-byte key/);
  });

  it("in embedded mode generates the key once into the data folder, readable only by the owner", () => {
    expect(env().DATABASE_URL).toBeUndefined();
    const { keyId } = ensureEncryptionKey();
    const file = dataFilePath("encryption-key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureEncryptionKey().keyId).toBe(keyId);
    const { ciphertext, keyId: usedKeyId } = encryptSecret({ clientSecret: "s3cr3t" });
    expect(usedKeyId).toBe(keyId);
    expect(decryptSecret(ciphertext, usedKeyId)).toEqual({ clientSecret: "s3cr3t" });
  });
});
