import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./cookies";

describe("safeCallbackUrl", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackUrl("/admin/users?page=2")).toBe("/admin/users?page=2");
  });
  it("refuses other sites and loops", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "/login", "/api/auth/signout", "", null, undefined]) {
      expect(safeCallbackUrl(bad)).toBe("/");
    }
  });
});
