import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RunDetail } from "@/components/runs/run-detail";
import { requirePermission } from "@/server/auth/guards";
import { can } from "@/server/auth/permissions";
import { serverCaller } from "@/server/trpc/server-caller";

export const metadata: Metadata = { title: "Run" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("runs:read");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  // Loaded here so the first paint has the run; the client then polls while it is active.
  const run = await (await serverCaller()).runs.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return <RunDetail initialRun={run} canOperate={can(user.role, "runs:cancel")} isAdmin={user.role === "admin"} />;
}
