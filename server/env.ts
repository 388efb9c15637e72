import "server-only";
import path from "node:path";
import { z } from "zod";

/**
 * All configuration, validated once at start. Read it through `env()`, never from `process.env` elsewhere.
 * A bad value stops start-up with a message naming the variable (and never echoing a secret's value).
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number({ error: "must be a port number" }).int("must be a whole number").min(1, "must be 1–65535").max(65535, "must be 1–65535").default(3000),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    STRATUS_DATA_DIR: z.string().min(1).default("./.data"),
    STRATUS_ADMIN_PASSWORD: optionalString.pipe(z.string().min(12, "must be at least 12 characters").optional()),
    NEXTAUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    NEXTAUTH_URL: optionalString.pipe(z.url("must be a URL such as https://stratus.example.com").optional()),
    STRATUS_OIDC_ISSUER: optionalString.pipe(z.url("must be the issuer URL").optional()),
    STRATUS_OIDC_CLIENT_ID: optionalString,
    STRATUS_OIDC_CLIENT_SECRET: optionalString,
    STRATUS_OIDC_NAME: z.string().min(1).default("Single sign-on"),
    /** 32 bytes, base64 or hex, for provider credentials (server/secrets/crypto.ts validates it). */
    STRATUS_ENCRYPTION_KEY: optionalString,
    /** Simulated clouds: a seed and fault rates (JSON), for demos and failure tests. */
    STRATUS_SIM_SEED: z.coerce.number({ error: "must be a number" }).int().optional(),
    STRATUS_SIM_FAULTS: optionalString.pipe(
      z
        .string()
        .transform((text, ctx) => {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            ctx.addIssue({ code: "custom", message: 'must be JSON, e.g. {"dropReplyRate":0.2}' });
            return z.NEVER;
          }
        })
        .pipe(z.object({ errorRate: z.number().min(0).max(1).optional(), timeoutRate: z.number().min(0).max(1).optional(), dropReplyRate: z.number().min(0).max(1).optional() }).strict())
        .optional(),
    ),
    STRATUS_DB_POOL_SIZE: z.coerce.number({ error: "must be a number" }).int().min(1, "must be 1–200").max(200, "must be 1–200").default(10),
    /** Metrics (server/metrics/README.md): seconds between samples (0 turns the sampler off) and how long to keep them. */
    STRATUS_METRICS_INTERVAL_SECONDS: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be 0–3600").max(3600, "must be 0–3600").default(10),
    STRATUS_METRICS_RAW_RETENTION_HOURS: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be 1–720").max(720, "must be 1–720").default(24),
    STRATUS_METRICS_ROLLUP_RETENTION_DAYS: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be 1–3650").max(3650, "must be 1–3650").default(30),
    /** Days a run's workspace folder (script steps) is kept after the run ends. */
    STRATUS_WORKSPACE_RETENTION_DAYS: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be 1–3650").max(3650, "must be 1–3650").default(7),
    /** Bearer token for /api/metrics (Prometheus); without it the endpoint refuses everyone. */
    STRATUS_METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  })
  .superRefine((v, ctx) => {
    const oidc = ["STRATUS_OIDC_ISSUER", "STRATUS_OIDC_CLIENT_ID", "STRATUS_OIDC_CLIENT_SECRET"] as const;
    const set = oidc.filter((k) => v[k] !== undefined);
    if (set.length > 0 && set.length < oidc.length) {
      for (const k of oidc.filter((key) => v[key] === undefined)) {
        ctx.addIssue({ code: "custom", path: [k], message: `is required when ${set.join(", ")} is set` });
      }
    }
  });

export type Env = z.infer<typeof envSchema> & { dataDir: string; isOidcEnabled: boolean };

/** Parses a raw environment; throws one Error listing every bad variable. Pure, so it is unit-tested. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const v = result.data;
  return {
    ...v,
    dataDir: path.resolve(v.STRATUS_DATA_DIR),
    isOidcEnabled: v.STRATUS_OIDC_ISSUER !== undefined,
  };
}

const globalForEnv = globalThis as { __stratusEnv?: Env };

export function env(): Env {
  globalForEnv.__stratusEnv ??= parseEnv(process.env);
  return globalForEnv.__stratusEnv;
}
