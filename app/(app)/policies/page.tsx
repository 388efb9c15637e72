import type { Metadata } from "next";
import { PoliciesList } from "@/components/policies/policies-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/server/auth/guards";
import { can } from "@/server/auth/permissions";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const user = await requirePermission("policies:read");
  return (
    <>
      <PageHeader title="Policies" description="Rules in CEL that every step is checked against: on the canvas while editing, and before it runs." />
      <PoliciesList canWrite={can(user.role, "policies:write")} />
    </>
  );
}
