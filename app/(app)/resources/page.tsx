import type { Metadata } from "next";
import { ResourcesList } from "@/components/resources/resources-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/server/auth/guards";
import { can } from "@/server/auth/permissions";

export const metadata: Metadata = { title: "Resources" };

export default async function ResourcesPage() {
  const user = await requirePermission("resources:read");
  return (
    <>
      <PageHeader title="Resources" description="What Stratus has provisioned, in every cloud, and which run created it." />
      <ResourcesList canManage={can(user.role, "resources:manage")} />
    </>
  );
}
