import type { Metadata } from "next";
import { Suspense } from "react";
import { RunsList } from "@/components/runs/runs-list";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingState } from "@/components/ui/states";
import { requirePermission } from "@/server/auth/guards";
import { can } from "@/server/auth/permissions";

export const metadata: Metadata = { title: "Runs" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("runs:read");
  const { workflowId } = await searchParams;
  return (
    <>
      <PageHeader title="Runs" description="Every run of every workflow: its status, who started it and how long it took." />
      {/* The list reads its filters from the address (useSearchParams). */}
      <Suspense fallback={<LoadingState label="Loading runs…" />}>
        <RunsList workflowId={typeof workflowId === "string" && UUID.test(workflowId) ? workflowId : undefined} canApprove={can(user.role, "runs:approve")} />
      </Suspense>
    </>
  );
}
