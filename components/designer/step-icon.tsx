import {
  ArrowRightLeft,
  Bell,
  Boxes,
  Database,
  GitBranch,
  Globe,
  HeartPulse,
  Network,
  OctagonX,
  Puzzle,
  Rocket,
  Scale,
  Scaling,
  Server,
  Shield,
  Signpost,
  Split,
  Terminal,
  Timer,
  Trash2,
  UserCheck,
  Workflow,
  type LucideIcon,
} from "lucide-react";

// An explicit map keeps the bundle to the icons the catalog uses (importing all of lucide costs ~500 kB).
// The catalog test checks every step's icon name exists in lucide; a name missing here shows the fallback.
const ICONS: Record<string, LucideIcon> = {
  ArrowRightLeft,
  Bell,
  Boxes,
  Database,
  GitBranch,
  Globe,
  HeartPulse,
  Network,
  OctagonX,
  Rocket,
  Scale,
  Scaling,
  Server,
  Shield,
  Signpost,
  Split,
  Terminal,
  Timer,
  Trash2,
  UserCheck,
  Workflow,
};

export function StepIcon({ name, className }: { name: string | undefined; className?: string }) {
  const Icon = (name && ICONS[name]) || Puzzle;
  return <Icon className={className} aria-hidden />;
}

export const hasStepIcon = (name: string) => name in ICONS;
