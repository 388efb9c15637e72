import type { Metadata } from "next";
import { AuditLog } from "@/components/admin/audit-log";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePermission("audit:read");
  return (
    <>
      <PageHeader title="Audit log" description="Every change and every denied attempt, newest first. Secrets are redacted." />
      <AuditLog />
    </>
  );
}
