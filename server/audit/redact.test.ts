import { describe, expect, it } from "vitest";
import { redact } from "./redact";

describe("redact", () => {
  it("replaces secret fields at any depth", () => {
    const out = redact({
      email: "a@b.c",
      password: "hunter22",
      nested: { apiKey: "k", clientSecret: "s", token: "t", list: [{ newPassword: "x", name: "ok" }] },
    });
    expect(out).toEqual({
      email: "a@b.c",
      password: "[redacted]",
      nested: { apiKey: "[redacted]", clientSecret: "[redacted]", token: "[redacted]", list: [{ newPassword: "[redacted]", name: "ok" }] },
    });
  });

  it("cuts long strings and deep nesting", () => {
    expect((redact("x".repeat(5000)) as string).length).toBeLessThan(2100);
    let deep: Record<string, unknown> = { v: 1 };
    for (let i = 0; i < 10; i++) deep = { d: deep };
    expect(JSON.stringify(redact(deep))).toContain("[truncated]");
  });

  it("makes every string storable by PostgreSQL: NUL and lone surrogates become U+FFFD, pairs stay", () => {
    const out = redact({ ["k\u0000\uD800"]: "a\u0000b\uDC00c\uD83D\uDE00d\uD83D", cut: `${"x".repeat(1999)}\uD83D\uDE00` });
    expect(out).toEqual({ ["k\uFFFD\uFFFD"]: "a\uFFFDb\uFFFDc\uD83D\uDE00d\uFFFD", cut: `${"x".repeat(1999)}\uFFFD…` });
  });

  it("passes through primitives and null", () => {
    expect(redact(3)).toBe(3);
    expect(redact(null)).toBeNull();
    expect(redact(undefined)).toBeNull();
  });
});
