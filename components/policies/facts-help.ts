/** The variables a policy's CEL sees (lib/policy/schemas.ts, PolicyFacts): the editor's help panel. */
export const FACT_VARIABLES: ReadonlyArray<{ name: string; description: string }> = [
  { name: "resource.type", description: '"compute.instance", "storage.bucket", … (the step\'s resource type)' },
  { name: "resource.action", description: '"create" | "update" | "delete" | "read"' },
  { name: "resource.provider", description: '"local" | "aws-sim" | "azure-sim" | "gcp-sim"' },
  { name: "resource.region", description: 'e.g. "us-east-1"' },
  { name: "resource.size", description: '"small" | "medium" | "large" | "xlarge" | "" (no size)' },
  { name: "resource.count", description: "number of machines it makes (1, or an instance group's desired count)" },
  { name: "resource.tags", description: "map of string → string" },
  { name: "resource.public", description: "whether it is reachable from the internet (public bucket, public IP, …)" },
  { name: "resource.monthlyCost", description: "estimated USD per month from the provider's price table" },
  { name: "step.id, step.type, step.name", description: "the step being judged" },
  { name: "workflow.id, workflow.name", description: "its workflow" },
  { name: "actor.role", description: '"admin" | "operator" | "viewer" (who starts the run)' },
  { name: "run.monthlyCost", description: "estimated USD per month of every resource the run creates" },
];
