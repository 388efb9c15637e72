import { z } from "zod";
import { PROVIDERS, type ProviderId } from "../catalog/steps/fields";

/**
 * Provider accounts, shared by the admin forms and the router. Secret fields are write-only: the API takes
 * them, stores them encrypted, and only ever answers which of them are set.
 */
export { PROVIDERS, type ProviderId };

export type SecretFieldSpec = { name: string; label: string; hint?: string; isJson?: boolean };
export type ProviderSpec = { label: string; isSimulated: boolean; secretFields: readonly SecretFieldSpec[] };

export const PROVIDER_SPECS = {
  local: { label: "Local (this host)", isSimulated: false, secretFields: [] },
  "aws-sim": {
    label: "AWS",
    isSimulated: true,
    secretFields: [
      { name: "accessKeyId", label: "Access key ID" },
      { name: "secretAccessKey", label: "Secret access key" },
    ],
  },
  "azure-sim": {
    label: "Azure",
    isSimulated: true,
    secretFields: [
      { name: "tenantId", label: "Tenant ID" },
      { name: "clientId", label: "Client ID" },
      { name: "clientSecret", label: "Client secret" },
    ],
  },
  "gcp-sim": {
    label: "Google Cloud",
    isSimulated: true,
    secretFields: [{ name: "serviceAccountJson", label: "Service account key (JSON)", hint: "Paste the key file's JSON.", isJson: true }],
  },
} as const satisfies Record<ProviderId, ProviderSpec>;

export function providerSpec(provider: ProviderId): ProviderSpec {
  return PROVIDER_SPECS[provider];
}

export function secretFieldNames(provider: ProviderId): string[] {
  return providerSpec(provider).secretFields.map((f) => f.name);
}

export const MAX_SECRET_LENGTH = 16_384;
export const providerSchema = z.enum(PROVIDERS, { error: "Choose a provider." });
export const accountNameSchema = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");
export const accountDefaultsSchema = z.object({
  /** Stored for the real-cloud drivers to come; steps name their own region today (no step reads accounts yet). */
  region: z.string().trim().max(64, "Use at most 64 characters.").optional(),
});
export type AccountDefaults = z.infer<typeof accountDefaultsSchema>;

/** Field name → value. On update an omitted field keeps its stored value and "" clears it. */
export const secretsInput = z.record(z.string().max(64), z.string().max(MAX_SECRET_LENGTH, "This value is too long."));
export type SecretsInput = z.infer<typeof secretsInput>;

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * Problems with the secret fields for this provider, by path (`secrets.<field>`). Messages never quote a value.
 */
export function secretIssues(provider: ProviderId, secrets: SecretsInput): { path: string; message: string }[] {
  const fields = providerSpec(provider).secretFields;
  const issues: { path: string; message: string }[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    const field = fields.find((f) => f.name === name);
    if (!field) issues.push({ path: `secrets.${name}`, message: `${PROVIDER_SPECS[provider].label} accounts have no field "${name}".` });
    else if (field.isJson && value !== "" && !isJsonObject(value)) {
      issues.push({ path: `secrets.${name}`, message: "Paste the whole JSON key file (a JSON object)." });
    }
  }
  return issues;
}

function refineSecrets(value: { provider: ProviderId; secrets: SecretsInput }, ctx: z.RefinementCtx) {
  for (const issue of secretIssues(value.provider, value.secrets)) {
    ctx.addIssue({ code: "custom", path: issue.path.split("."), message: issue.message });
  }
}

export const providerAccountIdInput = z.object({ id: z.uuid("Not a valid account id.") });

export const createProviderAccountInput = z
  .object({
    provider: providerSchema,
    name: accountNameSchema,
    defaults: accountDefaultsSchema.default({}),
    /** Empty values are not stored. */
    secrets: secretsInput.default({}),
  })
  .superRefine(refineSecrets);
export type CreateProviderAccountInput = z.infer<typeof createProviderAccountInput>;

/** The provider of an account is fixed; its secrets are checked against it by the service. */
export const updateProviderAccountInput = providerAccountIdInput.extend({
  name: accountNameSchema.optional(),
  defaults: accountDefaultsSchema.optional(),
  secrets: secretsInput.optional(),
});
export type UpdateProviderAccountInput = z.infer<typeof updateProviderAccountInput>;

/** What the API says about an account: never a secret, only which secret fields are set. */
export type ProviderAccountView = {
  id: string;
  provider: ProviderId;
  name: string;
  defaults: AccountDefaults;
  hasSecret: boolean;
  /** Names of the secret fields that hold a value (not the values). */
  secretFields: string[];
  /** False when the stored secret was encrypted with another key or is damaged: it must be entered again. */
  isSecretReadable: boolean;
  createdAt: Date;
  updatedAt: Date;
};
