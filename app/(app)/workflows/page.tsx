import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { WorkflowsList } from "@/components/workflows/workflows-list";
import { TEMPLATES } from "@/lib/workflow/templates";
import { requirePermission } from "@/server/auth/guards";
import { can } from "@/server/auth/permissions";

export const metadata: Metadata = { title: "Workflows" };

// Only what the gallery shows goes to the client; the definitions stay on the server.
const templates = TEMPLATES.map(({ id, name, description }) => ({ id, name, description }));

export default async function WorkflowsPage() {
  const user = await requirePermission("workflows:read");
  return (
    <>
      <PageHeader title="Workflows" description="Design cloud workflows as graphs: provision, deploy, check, approve, roll back." />
      <WorkflowsList canEdit={can(user.role, "workflows:write")} canDelete={can(user.role, "workflows:delete")} templates={templates} />
    </>
  );
}
