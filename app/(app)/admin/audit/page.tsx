import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLog } from "@/components/admin/audit-log";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingState } from "@/components/ui/states";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePermission("audit:read");
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and every denied attempt, newest first. Entries cannot be changed or deleted; secrets are redacted."
      />
      {/* The log reads its filters from the address (useSearchParams). */}
      <Suspense fallback={<LoadingState label="Loading audit log…" />}>
        <AuditLog />
      </Suspense>
    </>
  );
}
