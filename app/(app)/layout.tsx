import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell, type NavKey } from "@/components/shell/app-shell";
import { Providers } from "@/components/providers";
import { currentPath, requireUser } from "@/server/auth/guards";
import { can, type Permission } from "@/server/auth/permissions";

const NAV_PERMISSIONS: Record<NavKey, Permission> = {
  dashboard: "self:read",
  workflows: "workflows:read",
  runs: "runs:read",
  resources: "resources:read",
  policies: "policies:read",
  users: "users:read",
  providers: "credentials:manage",
  network: "settings:manage",
  audit: "audit:read",
};

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  // A one-time password (new account or reset) must be replaced before anything else.
  if (user.mustChangePassword && !(await currentPath()).startsWith("/account/password")) {
    redirect("/account/password");
  }
  const allowed = (Object.keys(NAV_PERMISSIONS) as NavKey[]).filter((key) => can(user.role, NAV_PERMISSIONS[key]));
  return (
    <Providers>
      <AppShell user={{ name: user.name, email: user.email, role: user.role }} allowed={allowed}>
        {children}
      </AppShell>
    </Providers>
  );
}
