import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Workflows" };

export default async function Page() {
  await requirePermission("workflows:read");
  return (
    <ComingSoon
      title="Workflows"
      description="Design cloud workflows as graphs."
      what="The drag-and-drop workflow designer is being built: provision, deploy, scale, approve and roll back as a graph, with live validation and versions."
    />
  );
}
