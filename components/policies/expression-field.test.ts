import { describe, expect, it } from "vitest";
import { positionText } from "./expression-field";

describe("CEL error positions", () => {
  it("turns an offset into a line and column", () => {
    expect(positionText("a &&", 4)).toBe("line 1, column 5");
    expect(positionText("a &&\n  b ||", 7)).toBe("line 2, column 3");
  });
});
