import "server-only";
import type { PolicyInput } from "@/lib/policy/schemas";

/**
 * The policies a new installation starts with (issue 6): each is a common guard rail, set so that the demo
 * workflows pass. Admins tune or disable them under Policies.
 */
const ALLOWED_REGIONS = ["local", "us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "eastus", "westus2", "westeurope", "northeurope", "us-central1", "us-east1", "europe-west1", "europe-west4"];
const MACHINE_STEPS = ["provision-instance", "instance-group", "scale-group"];

export const SEED_POLICIES: PolicyInput[] = [
  {
    name: "Allowed regions",
    description: "Resources may only be created in the regions the company has approved (data residency: US and EU).",
    expression: `resource.region in ${JSON.stringify(ALLOWED_REGIONS)}`,
    message: "This region is not approved. Use a US or EU region (or local).",
    effect: "deny",
    scopeProviders: [],
    scopeStepTypes: [],
    isEnabled: true,
  },
  {
    name: "No public buckets",
    description: "Storage buckets must not be readable by anyone on the internet.",
    expression: "!resource.public",
    message: "Public buckets are not allowed: turn off Public access.",
    effect: "deny",
    scopeProviders: [],
    scopeStepTypes: ["bucket"],
    isEnabled: true,
  },
  {
    name: "Largest instance size for non-admins",
    description: "Only admins may create xlarge machines.",
    expression: `actor.role == "admin" || resource.size != "xlarge"`,
    message: "Only an admin may start machines of size xlarge; pick large or smaller.",
    effect: "deny",
    scopeProviders: [],
    scopeStepTypes: MACHINE_STEPS,
    isEnabled: true,
  },
  {
    name: "Owner tag required",
    description: "Every resource names the team that owns it, for cost reports and clean-up.",
    expression: `"owner" in resource.tags && resource.tags["owner"] != ""`,
    message: "Add an owner tag (e.g. owner=web-team) to the resource.",
    effect: "warn",
    scopeProviders: [],
    scopeStepTypes: [],
    isEnabled: true,
  },
  {
    name: "Monthly budget per run",
    description: "A run whose resources are estimated above $500 a month needs an admin's approval before it creates them.",
    expression: "run.monthlyCost <= 500",
    message: "This run's resources are estimated above the $500/month budget: an admin must approve.",
    effect: "require_approval",
    scopeProviders: [],
    scopeStepTypes: [],
    isEnabled: true,
  },
];
