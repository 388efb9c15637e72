import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { requirePermission } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Policies" };

export default async function Page() {
  await requirePermission("policies:read");
  return (
    <ComingSoon
      title="Policies"
      description="Rules every run must pass."
      what="Policies as CEL rules (deny, warn, require approval), checked on the canvas and before every step, come with the governance work."
    />
  );
}
