import type { Metadata } from "next";
import { UsersAdmin } from "@/components/admin/users-admin";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requirePermission("users:manage");
  return (
    <>
      <PageHeader title="Users" description="Who can sign in to Stratus, and with which role." />
      <UsersAdmin currentUserId={user.id} />
    </>
  );
}
