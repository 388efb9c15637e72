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
        description="Credentials the engine uses to reach each cloud. Secrets are encrypted at rest and can be replaced, never read back."
      />
      <ProviderAccounts />
    </>
  );
}
