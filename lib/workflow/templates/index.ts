import { blueGreenDeploy } from "./blue-green-deploy";
import { devEnvironment } from "./dev-environment";
import { drFailover } from "./dr-failover";
import { nightlyBackup } from "./nightly-backup";
import { threeTierWeb } from "./three-tier-web";
import type { WorkflowTemplate } from "./types";

export type { WorkflowTemplate } from "./types";

/** The seeded template gallery, in the order it is shown. */
export const TEMPLATES: readonly WorkflowTemplate[] = Object.freeze([threeTierWeb, devEnvironment, blueGreenDeploy, drFailover, nightlyBackup]);

export function getTemplate(id: string): WorkflowTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
