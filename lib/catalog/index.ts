import { STEP_CATEGORIES, type StepDefinition } from "./define";
import { bucket } from "./steps/bucket";
import { condition } from "./steps/condition";
import { deleteResource } from "./steps/delete-resource";
import { deployApp } from "./steps/deploy-app";
import { dnsRecord } from "./steps/dns-record";
import { fail } from "./steps/fail";
import { firewallRule } from "./steps/firewall-rule";
import { httpHealthCheck } from "./steps/http-health-check";
import { httpRequest } from "./steps/http-request";
import { instanceGroup } from "./steps/instance-group";
import { loadBalancer } from "./steps/load-balancer";
import { manualApproval } from "./steps/manual-approval";
import { notify } from "./steps/notify";
import { provisionInstance } from "./steps/provision-instance";
import { scaleGroup } from "./steps/scale-group";
import { script } from "./steps/script";
import { subWorkflow } from "./steps/sub-workflow";
import { subnet } from "./steps/subnet";
import { updateLoadBalancer } from "./steps/update-load-balancer";
import { vpc } from "./steps/vpc";
import { wait } from "./steps/wait";

export * from "./define";
export { PROVIDERS, SIZES, type ProviderId } from "./steps/fields";

// Widened to the base type on purpose: consumers look steps up by a type string from stored definitions.
const ALL: readonly StepDefinition[] = [
  provisionInstance,
  instanceGroup,
  scaleGroup,
  bucket,
  vpc,
  subnet,
  firewallRule,
  loadBalancer,
  updateLoadBalancer,
  dnsRecord,
  deployApp,
  deleteResource,
  httpHealthCheck,
  httpRequest,
  wait,
  manualApproval,
  condition,
  subWorkflow,
  fail,
  script,
  notify,
];

/** Every step type, keyed by `type`. Frozen: definitions are shared by the designer, validator and engine. */
export const CATALOG: Readonly<Record<string, StepDefinition>> = Object.freeze(Object.fromEntries(ALL.map((s) => [s.type, s])));

/** Palette order: by category (STEP_CATEGORIES order), then by title. */
export const STEP_LIST: readonly StepDefinition[] = Object.freeze(
  [...ALL].sort((a, b) => STEP_CATEGORIES.indexOf(a.category) - STEP_CATEGORIES.indexOf(b.category) || a.title.localeCompare(b.title, "en")),
);

export function getStep(type: string): StepDefinition | undefined {
  return Object.hasOwn(CATALOG, type) ? CATALOG[type] : undefined;
}
