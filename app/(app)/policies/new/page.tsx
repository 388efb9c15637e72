import type { Metadata } from "next";
import { PolicyEditor } from "@/components/policies/policy-editor";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "New policy" };

export default async function NewPolicyPage() {
  await requirePermission("policies:write");
  return (
    <>
      <PageHeader title="New policy" description="An expression that must hold for a step to pass, and what happens when it does not." />
      <PolicyEditor />
    </>
  );
}
