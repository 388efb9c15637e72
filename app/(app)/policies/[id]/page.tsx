import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PolicyEditor } from "@/components/policies/policy-editor";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/server/auth/guards";
import { serverCaller } from "@/server/trpc/server-caller";

export const metadata: Metadata = { title: "Edit policy" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditPolicyPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission("policies:write");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const policy = await (await serverCaller()).policies.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { name, description, expression, message, effect, scopeProviders, scopeStepTypes, isEnabled } = policy;
  return (
    <>
      <PageHeader title={`Edit ${name}`} description="Changes apply to the next check on the canvas and to steps that have not run yet." />
      <PolicyEditor key={policy.id} policy={{ id, name, description, expression, message, effect, scopeProviders, scopeStepTypes, isEnabled }} />
    </>
  );
}
