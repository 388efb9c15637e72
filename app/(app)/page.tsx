import type { Metadata } from "next";
import { Dashboard } from "@/components/dashboard/dashboard";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/server/auth/guards";
import { can } from "@/server/auth/permissions";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title={`Welcome, ${user.name}`} description={`Runs, resources and costs at a glance, live. You are signed in as ${ROLE_LABELS[user.role].toLowerCase()}.`} />
      {/* Viewers decide nothing: no "Waiting for your approval" panel (the server would list none anyway). */}
      <Dashboard canApprove={can(user.role, "runs:approve")} />
    </>
  );
}
