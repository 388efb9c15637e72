import { describe, expect, it } from "vitest";
import { fromLocalInput, presetStart, toLocalInput } from "./time-range";

describe("audit time range helpers", () => {
  it("round-trips a local minute through ISO, the end of a range taking the whole minute", () => {
    const start = fromLocalInput("2026-12-04T09:30", "start")!;
    const end = fromLocalInput("2026-12-04T09:30", "end")!;
    expect(Date.parse(end) - Date.parse(start)).toBe(59_999);
    expect(toLocalInput(start)).toBe("2026-12-04T09:30");
    expect(toLocalInput(end)).toBe("2026-12-04T09:30");
  });

  it("treats empty or invalid values as no bound", () => {
    expect(fromLocalInput("", "start")).toBeUndefined();
    expect(fromLocalInput("not a date", "end")).toBeUndefined();
    expect(toLocalInput(undefined)).toBe("");
    expect(toLocalInput("garbage")).toBe("");
  });

  it("starts a preset the given time ago, at a whole minute", () => {
    const now = Date.parse("2026-12-04T10:15:42.123Z");
    expect(presetStart(3_600_000, now)).toBe("2026-12-04T09:15:00.000Z");
  });
});
