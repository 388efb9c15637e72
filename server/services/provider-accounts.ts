import "server-only";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providerAccounts, resources, type ProviderAccount } from "@/db/schema";
import {
  accountDefaultsSchema,
  type AccountDefaults,
  type CreateProviderAccountInput,
  type ProviderAccountView,
  type ProviderId,
  providerSchema,
  secretFieldNames,
  secretIssues,
  type SecretsInput,
  type UpdateProviderAccountInput,
} from "@/lib/providers/accounts";
import { AppError, isUniqueViolation } from "../errors";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "../secrets/crypto";

/**
 * Provider accounts and their credentials. Secrets are encrypted before they reach the database and are
 * decrypted only for `getAccountSecret` (the engine) and to merge an update; nothing here returns them.
 */

function providerOf(row: ProviderAccount): ProviderId {
  const parsed = providerSchema.safeParse(row.provider);
  if (!parsed.success) throw new Error(`provider account ${row.id} has an unknown provider`);
  return parsed.data;
}

/** The stored secret fields; `null` when they cannot be read (another key, or altered). */
function readSecret(row: ProviderAccount): Record<string, string> | null {
  if (!row.encryptedSecret || !row.keyId) return {};
  try {
    return decryptSecret(row.encryptedSecret, row.keyId);
  } catch (error) {
    if (error instanceof SecretDecryptionError) return null;
    throw error;
  }
}

function toView(row: ProviderAccount): ProviderAccountView {
  const provider = providerOf(row);
  const secret = readSecret(row);
  const defaults = accountDefaultsSchema.safeParse(row.defaults);
  return {
    id: row.id,
    provider,
    name: row.name,
    defaults: defaults.success ? defaults.data : {},
    hasSecret: row.encryptedSecret !== null,
    secretFields: secret ? secretFieldNames(provider).filter((name) => secret[name] !== undefined) : [],
    isSecretReadable: secret !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function storedDefaults(defaults: AccountDefaults): Record<string, string> {
  return defaults.region ? { region: defaults.region } : {};
}

/** Encrypts the non-empty fields; no fields means no secret at all. */
function seal(fields: Record<string, string>): { encryptedSecret: string | null; keyId: string | null } {
  const kept = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ""));
  if (Object.keys(kept).length === 0) return { encryptedSecret: null, keyId: null };
  const { ciphertext, keyId } = encryptSecret(kept);
  return { encryptedSecret: ciphertext, keyId };
}

const duplicateName = () => new AppError("CONFLICT", "An account with this name already exists.", { field: "name" });
const notFound = () => new AppError("NOT_FOUND", "This provider account does not exist (it may have been deleted).", { field: "id" });

export async function listProviderAccounts(db: Db): Promise<ProviderAccountView[]> {
  const rows = await db.select().from(providerAccounts).orderBy(asc(providerAccounts.name));
  return rows.map(toView);
}

export async function getProviderAccount(db: Db, id: string): Promise<ProviderAccountView> {
  const [row] = await db.select().from(providerAccounts).where(eq(providerAccounts.id, id)).limit(1);
  if (!row) throw notFound();
  return toView(row);
}

export async function createProviderAccount(db: Db, input: CreateProviderAccountInput): Promise<ProviderAccountView> {
  const [row] = await db
    .insert(providerAccounts)
    .values({ provider: input.provider, name: input.name, defaults: storedDefaults(input.defaults), ...seal(input.secrets) })
    .onConflictDoNothing({ target: providerAccounts.name })
    .returning();
  if (!row) throw duplicateName();
  return toView(row);
}

/** Applies `changes` to the stored fields: an omitted field keeps its value, "" clears it. */
function mergeSecrets(provider: ProviderId, stored: Record<string, string> | null, changes: SecretsInput): Record<string, string> {
  if (stored === null && !secretFieldNames(provider).every((name) => name in changes)) {
    throw new AppError(
      "CONFLICT",
      "The stored secret can no longer be read (it was encrypted with another key). Enter every secret field again.",
      { field: "secrets" },
    );
  }
  const merged = { ...stored };
  for (const [name, value] of Object.entries(changes)) {
    if (value === "") delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

export async function updateProviderAccount(db: Db, input: UpdateProviderAccountInput): Promise<ProviderAccountView> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.select().from(providerAccounts).where(eq(providerAccounts.id, input.id)).for("update");
      if (!row) throw notFound();
      const provider = providerOf(row);
      const changes = input.secrets ?? {};
      const issues = secretIssues(provider, changes);
      if (issues.length > 0) throw new AppError("BAD_INPUT", issues[0]!.message, { issues });
      if (input.name !== undefined && input.name !== row.name) {
        const [other] = await tx.select({ id: providerAccounts.id }).from(providerAccounts).where(eq(providerAccounts.name, input.name));
        if (other) throw duplicateName();
      }
      // Untouched secrets are not re-encrypted: their ciphertext and key id stay as they are.
      const secret = Object.keys(changes).length > 0 ? seal(mergeSecrets(provider, readSecret(row), changes)) : {};
      const [updated] = await tx
        .update(providerAccounts)
        .set({
          name: input.name ?? row.name,
          defaults: input.defaults ? storedDefaults(input.defaults) : row.defaults,
          ...secret,
          updatedAt: sql`now()`,
        })
        .where(eq(providerAccounts.id, input.id))
        .returning();
      return toView(updated!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** Refused while live resources (anything not yet deleted) were provisioned with the account. */
export async function deleteProviderAccount(db: Db, id: string): Promise<{ id: string; name: string }> {
  return db.transaction(async (tx) => {
    // Locking the account also waits out, and then blocks, any insert of a resource that references it.
    const [row] = await tx.select().from(providerAccounts).where(eq(providerAccounts.id, id)).for("update");
    if (!row) throw notFound();
    const inUse = and(eq(resources.accountId, id), ne(resources.status, "deleted"));
    const [[totals], [example]] = await Promise.all([
      tx.select({ total: count() }).from(resources).where(inUse),
      tx.select({ name: resources.name }).from(resources).where(inUse).orderBy(asc(resources.name)).limit(1),
    ]);
    const total = totals?.total ?? 0;
    if (total > 0) {
      const what = total === 1 ? `1 resource ("${example?.name}") still uses` : `${total} resources (such as "${example?.name}") still use`;
      throw new AppError("CONFLICT", `${what} this account. Delete them first.`);
    }
    await tx.delete(providerAccounts).where(eq(providerAccounts.id, id));
    return { id: row.id, name: row.name };
  });
}

/**
 * The decrypted secret fields of an account, for the server-side engine and drivers only: no procedure
 * exposes this. Throws NOT_FOUND for no such account, SecretDecryptionError if the secret cannot be read.
 */
export async function getAccountSecret(db: Db, id: string): Promise<Record<string, string>> {
  const [row] = await db
    .select({ encryptedSecret: providerAccounts.encryptedSecret, keyId: providerAccounts.keyId })
    .from(providerAccounts)
    .where(eq(providerAccounts.id, id))
    .limit(1);
  if (!row) throw notFound();
  if (!row.encryptedSecret || !row.keyId) return {};
  return decryptSecret(row.encryptedSecret, row.keyId);
}
