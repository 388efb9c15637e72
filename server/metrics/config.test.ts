import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";

describe("metrics settings", () => {
  it("defaults to a 10 s interval, 24 h of raw samples, 30 days of rollups and no token", () => {
    const e = parseEnv({});
    expect(e.STRATUS_METRICS_INTERVAL_SECONDS).toBe(10);
    expect(e.STRATUS_METRICS_RAW_RETENTION_HOURS).toBe(24);
    expect(e.STRATUS_METRICS_ROLLUP_RETENTION_DAYS).toBe(30);
    expect(e.STRATUS_METRICS_TOKEN).toBeUndefined();
  });

  it("names a bad value and never echoes a token", () => {
    expect(() => parseEnv({ STRATUS_METRICS_INTERVAL_SECONDS: "fast" })).toThrow(/STRATUS_METRICS_INTERVAL_SECONDS: must be a number/);
    expect(() => parseEnv({ STRATUS_METRICS_RAW_RETENTION_HOURS: "0" })).toThrow(/STRATUS_METRICS_RAW_RETENTION_HOURS: must be 1–720/);
    expect(() => parseEnv({ STRATUS_METRICS_ROLLUP_RETENTION_DAYS: "1.5" })).toThrow(/STRATUS_METRICS_ROLLUP_RETENTION_DAYS/);
    let message = "";
    try {
      parseEnv({ STRATUS_METRICS_TOKEN: "short-secret" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/STRATUS_METRICS_TOKEN: must be at least 16 characters/);
    expect(message).not.toContain("short-secret");
    expect(parseEnv({ STRATUS_METRICS_INTERVAL_SECONDS: "0" }).STRATUS_METRICS_INTERVAL_SECONDS).toBe(0);
  });
});
