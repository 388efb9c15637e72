import { z } from "zod";

/**
 * Field builders shared by the step definitions, so every step spells provider, region, names, references
 * and CIDRs the same way (same labels, same help, same validation) in the generated forms.
 */

export const PROVIDERS = ["local", "aws-sim", "azure-sim", "gcp-sim"] as const;
export type ProviderId = (typeof PROVIDERS)[number];

/** A value that is entirely one `${{ … }}` template: the engine substitutes it before the step runs. */
const WHOLE_TEMPLATE = /^\s*\$\{\{[\s\S]+\}\}\s*$/;

/** Literal values are checked here; a value with a template is checked after substitution, at run time. */
export function hasTemplate(value: string): boolean {
  return value.includes("${{");
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const CIDR = new RegExp(`^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?\\d)$`);

export function isCidr(value: string): boolean {
  return CIDR.test(value);
}

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "http:" || protocol === "https:";
}

/** A string that must match `isValid` unless it holds a template (e.g. "dev-${{ inputs.developer }}"). */
export function templatedString(isValid: (value: string) => boolean, message: string, max = 2000) {
  return z
    .string()
    .trim()
    .min(1, "is required")
    .max(max)
    .refine((v) => hasTemplate(v) || isValid(v), message);
}

/**
 * A number, or a string that is exactly one template resolving to a number (`${{ inputs.instance_count }}`).
 * Cross-field checks (min <= desired) only apply when both sides are literal numbers. The string branch is
 * marked `template: true` because it only lets the unrendered template through design-time parsing: the
 * field's run-time type is number, and lib/workflow/field-types.ts ignores the branch when checking types.
 */
export function numberOrTemplate(schema: z.ZodNumber) {
  return z.union([schema, z.string().regex(WHOLE_TEMPLATE, "must be a number or a single ${{ … }} expression").meta({ template: true })]);
}

export function resourceName(defaultName: string) {
  return templatedString((v) => NAME.test(v), "use lower-case letters, digits and dashes, starting with a letter (at most 63)", 63)
    .default(defaultName)
    .describe("Name of the resource at the provider. Lower-case letters, digits and dashes; may use ${{ inputs.x }}.")
    .meta({ title: "Name" });
}

export function cidr(defaultCidr: string, help: string) {
  return templatedString(isCidr, "must be an IPv4 CIDR block such as 10.0.0.0/16", 200).default(defaultCidr).describe(help).meta({ title: "CIDR block" });
}

/** A required http(s) URL (the user must decide it), or a template such as `${{ steps.lb.outputs.url }}/health`. */
export function httpUrl(title: string, help: string) {
  return templatedString(isHttpUrl, "must be an http:// or https:// URL").describe(help).meta({ title });
}

/**
 * A reference to a resource made by an earlier step. Empty by default: the designer flags an empty
 * reference, but a freshly dropped step must still parse so its form can render.
 */
export function reference(title: string, example: string) {
  return z.string().trim().max(2000).default("").describe(`Usually a reference to an earlier step, e.g. ${example}`).meta({ title });
}

export function stringMap(title: string, help: string) {
  return z.record(z.string().trim().min(1).max(128), z.string().max(2000)).default({}).describe(help).meta({ title });
}

export const providerField = z
  .enum(PROVIDERS)
  .default("local")
  .describe("Where the resource lives: local runs real processes and folders on this host; sim-* are simulated clouds.")
  .meta({ title: "Provider" });

export const regionField = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64)
  .default("local")
  .describe("Provider region: local for the local provider, e.g. us-east-1, westeurope or europe-west1 for simulated clouds.")
  .meta({ title: "Region" });

/** Where an existing resource lives, for steps that change or delete one (drivers are picked by provider). */
export const location = { provider: providerField, region: regionField };

/** The fields every step that creates a resource takes; policies read provider, region and tags. */
export function provisioning(defaultName: string) {
  return {
    ...location,
    name: resourceName(defaultName),
    tags: stringMap("Tags", "Key/value labels attached to the resource and kept in the inventory, e.g. team=web. Policies can require them."),
  };
}

export const SIZES = ["small", "medium", "large", "xlarge"] as const;

/** Provider-neutral machine sizes; each driver maps them to its own (e.g. aws-sim small = t3.small). */
export const sizeField = z
  .enum(SIZES)
  .default("small")
  .describe("Provider-neutral machine size; each simulated cloud maps it to its own instance type and price. The local provider records it and does not limit the process.")
  .meta({ title: "Size" });

export const imageField = z
  .string()
  .trim()
  .min(1, "is required")
  .max(500)
  .default("sample-web")
  .describe("What the machines run: sample-web is the bundled demo app; otherwise an image or artifact id, or ${{ inputs.app_image }}. The local provider runs the sample app in place of any other image (unless a command is given).")
  .meta({ title: "Image" });

export const portField = (title: string, defaultPort: number, help: string) =>
  z.number().int().min(1).max(65_535).default(defaultPort).describe(help).meta({ title });
