import { getStep } from "@/lib/catalog";

/** "All steps" or the providers and step types a policy is limited to, in words. */
export function scopeText(providers: readonly string[], stepTypes: readonly string[]): string {
  const parts: string[] = [];
  if (stepTypes.length) parts.push(stepTypes.map((t) => getStep(t)?.title ?? t).join(", "));
  if (providers.length) parts.push(`on ${providers.join(", ")}`);
  return parts.length ? parts.join(" ") : "All steps";
}
