import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Resources" };

export default async function Page() {
  await requirePermission("resources:read");
  return (
    <ComingSoon
      title="Resources"
      description="What Stratus has provisioned, in every cloud."
      what="The resource inventory arrives with the engine and its provider drivers (local, simulated multi-cloud)."
    />
  );
}
