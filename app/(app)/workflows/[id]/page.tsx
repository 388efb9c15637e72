import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Designer } from "@/components/designer/designer";
import { requirePermission } from "@/server/auth/guards";
import { can } from "@/server/auth/permissions";
import { serverCaller } from "@/server/trpc/server-caller";

export const metadata: Metadata = { title: "Workflow designer" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const positive = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

export default async function WorkflowPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requirePermission("workflows:read");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  // Loaded here so the canvas can paint with the HTML instead of after a second request from the browser.
  const workflow = await (await serverCaller()).workflows.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const query = await searchParams;
  return (
    <Designer
      workflowId={id}
      initialWorkflow={workflow}
      canEdit={can(user.role, "workflows:write")}
      version={positive(query.version)}
      compare={positive(query.compare)}
    />
  );
}
