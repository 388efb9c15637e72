import type { Role } from "@/lib/auth/roles";

/**
 * The one table of who may do what. Every tRPC procedure names one of these permissions (see
 * server/trpc/procedure.ts); pages check them with `can`. Adding a feature means adding its permissions here.
 *
 * @example can("operator", "runs:start") // true
 */
export const PERMISSIONS = [
  "self:read", // one's own profile
  "self:update", // one's own password
  "workflows:read",
  "workflows:write",
  "workflows:delete",
  "runs:read",
  "runs:start",
  "runs:cancel",
  "runs:rollback", // undo what a finished run did (compensations)
  "runs:approve",
  "resources:read",
  "resources:manage", // tear down what runs provisioned
  "metrics:read", // the dashboard: KPIs, charts, recent activity
  "policies:read",
  "policies:write",
  "credentials:manage",
  "users:read",
  "users:manage",
  "audit:read",
  "settings:manage", // server-wide settings, e.g. the network allow-list for steps' outbound requests
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const readOnly = [
  "self:read",
  "self:update",
  "workflows:read",
  "runs:read",
  "resources:read",
  "policies:read",
  "metrics:read",
] as const satisfies readonly Permission[];

const operator = [
  ...readOnly,
  "workflows:write",
  "runs:start",
  "runs:cancel",
  "runs:rollback",
  "runs:approve",
  "resources:manage",
] as const satisfies readonly Permission[];

export const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(readOnly),
  operator: new Set(operator),
  admin: new Set(PERMISSIONS),
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? GRANTS[role].has(permission) : false;
}
