import type { Metadata } from "next";
import { ProviderAccounts } from "@/components/admin/provider-accounts";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Provider accounts" };

export default async function ProviderAccountsPage() {
  await requirePermission("credentials:manage");
  return (
    <>
      <PageHeader
        title="Provider accounts"
        description="Credentials for each cloud, kept for the real-cloud drivers to come: no step reads them yet, and the local and simulated providers need none. Secrets are encrypted at rest and can be replaced, never read back."
      />
      <ProviderAccounts />
    </>
  );
}
