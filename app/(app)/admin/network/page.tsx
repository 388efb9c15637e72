import type { Metadata } from "next";
import { NetworkAllowList } from "@/components/admin/network-allow-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Network" };

export default async function NetworkPage() {
  await requirePermission("settings:manage");
  return (
    <>
      <PageHeader
        title="Network"
        description="Workflow steps (HTTP request, health check, webhook) may not call loopback, private, link-local or cloud metadata addresses, so a workflow cannot reach into this server's network. Allow the ones they need here."
      />
      <NetworkAllowList />
    </>
  );
}
