/** The three roles (ARCHITECTURE.md "Governance"). Isomorphic: the UI shows them, the server enforces them. */
export const ROLES = ["admin", "operator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  operator: "Operator",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Users, roles, policies, credentials and audit, plus everything an operator can do.",
  operator: "Designs workflows and starts, cancels and approves runs.",
  viewer: "Reads everything, changes nothing.",
};
