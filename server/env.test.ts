import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("fills defaults for an empty environment (embedded mode)", () => {
    const e = parseEnv({});
    expect(e.PORT).toBe(3000);
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.dataDir).toMatch(/\.data$/);
    expect(e.isOidcEnabled).toBe(false);
  });

  it("names the variable at fault", () => {
    expect(() => parseEnv({ PORT: "abc" })).toThrow(/PORT: must be a port number/);
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT: must be 1–65535/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ NEXTAUTH_URL: "not a url" })).toThrow(/NEXTAUTH_URL/);
  });

  it("never echoes a secret's value", () => {
    let message = "";
    try {
      parseEnv({ STRATUS_ADMIN_PASSWORD: "too-short", NEXTAUTH_SECRET: "tiny" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/STRATUS_ADMIN_PASSWORD: must be at least 12 characters/);
    expect(message).toMatch(/NEXTAUTH_SECRET/);
    expect(message).not.toContain("too-short");
    expect(message).not.toContain("tiny");
  });

  it("requires the OIDC settings together", () => {
    expect(() => parseEnv({ STRATUS_OIDC_ISSUER: "https://id.example.com" })).toThrow(
      /STRATUS_OIDC_CLIENT_ID: is required[\s\S]*STRATUS_OIDC_CLIENT_SECRET: is required/,
    );
    const e = parseEnv({
      STRATUS_OIDC_ISSUER: "https://id.example.com",
      STRATUS_OIDC_CLIENT_ID: "stratus",
      STRATUS_OIDC_CLIENT_SECRET: "s3cret",
    });
    expect(e.isOidcEnabled).toBe(true);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", STRATUS_ADMIN_PASSWORD: " " }).DATABASE_URL).toBeUndefined();
  });
});
