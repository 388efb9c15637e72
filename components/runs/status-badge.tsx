import { Badge } from "@/components/ui/badge";
import type { RunStatus, StepStatus } from "./types";

type Tone = "neutral" | "blue" | "green" | "amber" | "red" | "violet";

const RUN: Record<RunStatus, { label: string; tone: Tone }> = {
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "blue" },
  waiting: { label: "Waiting", tone: "amber" },
  succeeded: { label: "Succeeded", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  rolling_back: { label: "Rolling back", tone: "violet" },
  rolled_back: { label: "Rolled back", tone: "violet" },
};

const STEP: Record<StepStatus | "retrying", { label: string; tone: Tone }> = {
  pending: { label: "Pending", tone: "neutral" },
  running: { label: "Running", tone: "blue" },
  waiting: { label: "Waiting", tone: "amber" },
  succeeded: { label: "Succeeded", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  skipped: { label: "Skipped", tone: "neutral" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  compensating: { label: "Compensating", tone: "violet" },
  compensated: { label: "Compensated", tone: "violet" },
  retrying: { label: "Retry scheduled", tone: "amber" },
};

export function runStatusLabel(status: RunStatus): string {
  return RUN[status].label;
}

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { label, tone } = RUN[status];
  return <Badge tone={tone}>{label}</Badge>;
}

/** "retrying": the last attempt failed and another is scheduled (a failed row with a retry time). */
export function StepStatusBadge({ status }: { status: StepStatus | "retrying" }) {
  const { label, tone } = STEP[status];
  return <Badge tone={tone}>{label}</Badge>;
}
