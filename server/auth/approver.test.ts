import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { approverRoleOf, mayDecideApproval } from "./approver";

const waiting = { status: "waiting" as const, attempt: 1 };
const held = { ...waiting, output: { policyApproval: { policyIds: ["p1"], message: "Budget" } } };

describe("who may decide a waiting step", () => {
  it("a policy hold needs an admin, whatever the step's own config says", () => {
    expect(approverRoleOf({ config: { approverRole: "operator" } }, held)).toBe("admin");
    expect(approverRoleOf({ config: {} }, held)).toBe("admin");
  });

  it("a manual approval needs the role it names, operator by default", () => {
    expect(approverRoleOf({ config: { approverRole: "admin" } }, waiting)).toBe("admin");
    expect(approverRoleOf({ config: { approverRole: "operator" } }, waiting)).toBe("operator");
    expect(approverRoleOf({ config: {} }, waiting)).toBe("operator");
  });

  it("admins decide everything, operators what operators may, viewers nothing", () => {
    const table: [Role, string, boolean][] = [
      ["admin", "admin", true],
      ["admin", "operator", true],
      ["operator", "operator", true],
      ["operator", "admin", false],
      ["viewer", "operator", false],
      ["viewer", "admin", false],
    ];
    for (const [role, approver, expected] of table) expect(mayDecideApproval(role, approver), `${role} on ${approver}`).toBe(expected);
  });
});
