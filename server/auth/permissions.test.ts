import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/auth/roles";
import { can, GRANTS, PERMISSIONS } from "./permissions";

describe("permissions table", () => {
  it("gives admins every permission", () => {
    for (const p of PERMISSIONS) expect(can("admin", p)).toBe(true);
  });

  it("keeps viewers read-only", () => {
    const writes = PERMISSIONS.filter((p) => !p.endsWith(":read") && p !== "self:update");
    for (const p of writes) expect(can("viewer", p), p).toBe(false);
    expect(can("viewer", "workflows:read")).toBe(true);
  });

  it("lets operators design and run but not govern", () => {
    expect(can("operator", "workflows:write")).toBe(true);
    expect(can("operator", "runs:start")).toBe(true);
    expect(can("operator", "runs:approve")).toBe(true);
    for (const p of ["users:read", "users:manage", "audit:read", "policies:write", "credentials:manage", "settings:manage"] as const) {
      expect(can("operator", p), p).toBe(false);
    }
  });

  it("orders roles: each role has everything the one below it has", () => {
    for (const p of GRANTS.viewer) expect(can("operator", p)).toBe(true);
    for (const p of GRANTS.operator) expect(can("admin", p)).toBe(true);
    expect(Object.keys(GRANTS).sort()).toEqual([...ROLES].sort());
  });

  it("denies when there is no role", () => {
    expect(can(null, "self:read")).toBe(false);
    expect(can(undefined, "runs:read")).toBe(false);
  });
});
