import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("uses argon2id with at least the OWASP parameters (19 MiB, t=2)", async () => {
    const hash = await hashPassword("a long enough password");
    const [, algorithm, , params] = hash.split("$");
    expect(algorithm).toBe("argon2id");
    const p = Object.fromEntries(params!.split(",").map((kv) => kv.split("=") as [string, string])) as Record<string, string>;
    expect(Number(p.m)).toBeGreaterThanOrEqual(19 * 1024);
    expect(Number(p.t)).toBeGreaterThanOrEqual(2);
  });

  it("verifies the right password only, and survives a malformed hash", async () => {
    const hash = await hashPassword("right password!");
    expect(await verifyPassword(hash, "right password!")).toBe(true);
    expect(await verifyPassword(hash, "wrong password!")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });

  it("generates distinct passwords of the asked length", () => {
    const a = generatePassword();
    expect(a).toHaveLength(20);
    expect(generatePassword()).not.toBe(a);
  });
});
