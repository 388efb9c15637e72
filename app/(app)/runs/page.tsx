import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Runs" };

export default async function Page() {
  await requirePermission("runs:read");
  return (
    <ComingSoon
      title="Runs"
      description="Every run of every workflow."
      what="Runs will appear here once the workflow engine lands, with live step status, logs and timings."
    />
  );
}
