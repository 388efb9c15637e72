import { desc, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { auditLog, providerAccounts, resources } from "@/db/schema";
import type { ProviderAccountView } from "@/lib/providers/accounts";
import { withTestDatabase } from "@/test/db";
import { createTestUser, sessionCookie } from "@/test/users";
import { AppError } from "../errors";
import { encryptWithKey, parseEncryptionKey } from "../secrets/crypto";
import {
  createProviderAccount,
  deleteProviderAccount,
  getAccountSecret,
  getProviderAccount,
  listProviderAccounts,
  updateProviderAccount,
} from "./provider-accounts";

const getDatabase = withTestDatabase();
const ACCESS_KEY = "AKIA-PLAIN-ACCESS-KEY";
const SECRET_KEY = "plain-secret-access-key-0123456789";

let cookie = "";
beforeAll(async () => {
  cookie = await sessionCookie((await createTestUser(getDatabase().db, "admin")).id);
});

async function callApi(path: string, input: unknown, type: "query" | "mutation") {
  const headers = new Headers({ "content-type": "application/json", cookie });
  const body = JSON.stringify({ json: input });
  const res =
    type === "query"
      ? await GET(new NextRequest(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(body)}`, { headers }))
      : await POST(new NextRequest(`http://localhost/api/trpc/${path}`, { method: "POST", headers, body }));
  return { status: res.status, text: await res.text() };
}

function dataOf<T>(text: string): T {
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

async function storedRow(id: string) {
  const [row] = await getDatabase().db.select().from(providerAccounts).where(eq(providerAccounts.id, id));
  return row!;
}

describe("provider accounts", () => {
  it("stores only ciphertext, answers only which fields are set, and audits the create redacted", async () => {
    const created = await callApi(
      "providerAccounts.create",
      { provider: "aws-sim", name: "aws-prod", defaults: { region: "us-east-1" }, secrets: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY } },
      "mutation",
    );
    expect(created.status).toBe(200);
    const account = dataOf<ProviderAccountView>(created.text);
    expect(account).toMatchObject({ provider: "aws-sim", name: "aws-prod", defaults: { region: "us-east-1" }, hasSecret: true, isSecretReadable: true });
    expect(account.secretFields).toEqual(["accessKeyId", "secretAccessKey"]);

    const row = await storedRow(account.id);
    expect(row.encryptedSecret).toMatch(/^v1:/);
    expect(row.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.stringify(row)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(row)).not.toContain(ACCESS_KEY);

    const list = await callApi("providerAccounts.list", undefined, "query");
    const get = await callApi("providerAccounts.get", { id: account.id }, "query");
    for (const response of [created, list, get]) {
      expect(response.status).toBe(200);
      expect(response.text).not.toContain(SECRET_KEY);
      expect(response.text).not.toContain(ACCESS_KEY);
      expect(response.text).not.toContain(row.encryptedSecret!);
    }
    expect(dataOf<ProviderAccountView[]>(list.text).map((a) => a.name)).toContain("aws-prod");
    expect(Object.keys(dataOf<ProviderAccountView>(get.text)).sort()).toEqual(
      ["createdAt", "defaults", "hasSecret", "id", "isSecretReadable", "name", "provider", "secretFields", "updatedAt"],
    );

    const [audit] = await getDatabase().db.select().from(auditLog).where(eq(auditLog.action, "providerAccounts.create")).orderBy(desc(auditLog.at)).limit(1);
    expect(audit).toMatchObject({ outcome: "success", target: account.id, input: { name: "aws-prod", secrets: "[redacted]" } });
    expect(JSON.stringify(audit)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(audit)).not.toContain(ACCESS_KEY);

    // The engine's read is the only way back to the plain values.
    expect(await getAccountSecret(getDatabase().db, account.id)).toEqual({ accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY });
  });

  it("keeps omitted secret fields, clears empty ones, and leaves an untouched secret as it was", async () => {
    const { db } = getDatabase();
    const account = await createProviderAccount(db, {
      provider: "azure-sim",
      name: "azure-dev",
      defaults: { region: "westeurope" },
      secrets: { tenantId: "tenant-1", clientId: "client-1", clientSecret: "client-secret-1" },
    });
    const before = await storedRow(account.id);

    const renamed = await updateProviderAccount(db, { id: account.id, name: "azure-dev-2", defaults: { region: "northeurope" } });
    expect(renamed).toMatchObject({ name: "azure-dev-2", defaults: { region: "northeurope" }, secretFields: ["tenantId", "clientId", "clientSecret"] });
    expect((await storedRow(account.id)).encryptedSecret).toBe(before.encryptedSecret);

    await updateProviderAccount(db, { id: account.id, secrets: { clientSecret: "client-secret-2" } });
    expect(await getAccountSecret(db, account.id)).toEqual({ tenantId: "tenant-1", clientId: "client-1", clientSecret: "client-secret-2" });

    const cleared = await updateProviderAccount(db, { id: account.id, secrets: { tenantId: "" } });
    expect(cleared.secretFields).toEqual(["clientId", "clientSecret"]);
    expect(await getAccountSecret(db, account.id)).toEqual({ clientId: "client-1", clientSecret: "client-secret-2" });

    const none = await updateProviderAccount(db, { id: account.id, secrets: { clientId: "", clientSecret: "" } });
    expect(none).toMatchObject({ hasSecret: false, secretFields: [] });
    expect(await storedRow(account.id)).toMatchObject({ encryptedSecret: null, keyId: null });
  });

  it("refuses unknown or malformed secret fields and duplicate names, without echoing values", async () => {
    const { db } = getDatabase();
    const account = await createProviderAccount(db, { provider: "gcp-sim", name: "gcp-main", defaults: {}, secrets: { serviceAccountJson: '{"type":"service_account"}' } });
    const bad = await updateProviderAccount(db, { id: account.id, secrets: { clientSecret: "leaked-value" } }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "BAD_INPUT", issues: [{ path: "secrets.clientSecret" }] });
    expect(JSON.stringify(bad) + (bad as Error).message).not.toContain("leaked-value");

    const res = await callApi("providerAccounts.update", { id: account.id, secrets: { serviceAccountJson: "not json at all" } }, "mutation");
    expect(res.status).toBe(400);
    expect(res.text).toContain("Paste the whole JSON key file");
    expect(res.text).not.toContain("not json at all");

    await expect(createProviderAccount(db, { provider: "local", name: "gcp-main", defaults: {}, secrets: {} })).rejects.toMatchObject({ code: "CONFLICT", field: "name" });
    await expect(updateProviderAccount(db, { id: account.id, name: "aws-prod" })).rejects.toMatchObject({ code: "CONFLICT", field: "name" });
  });

  it("shows a secret under another key as unreadable and asks for every field again", async () => {
    const { db } = getDatabase();
    const account = await createProviderAccount(db, { provider: "aws-sim", name: "aws-rotated", defaults: {}, secrets: {} });
    const old = encryptWithKey(parseEncryptionKey("ab".repeat(32)), { accessKeyId: "old", secretAccessKey: "old" });
    await db.update(providerAccounts).set({ encryptedSecret: old.ciphertext, keyId: old.keyId }).where(eq(providerAccounts.id, account.id));

    expect(await getProviderAccount(db, account.id)).toMatchObject({ hasSecret: true, isSecretReadable: false, secretFields: [] });
    await expect(updateProviderAccount(db, { id: account.id, secrets: { accessKeyId: "new" } })).rejects.toMatchObject({ code: "CONFLICT", field: "secrets" });
    const fixed = await updateProviderAccount(db, { id: account.id, secrets: { accessKeyId: "new", secretAccessKey: "new-secret" } });
    expect(fixed).toMatchObject({ isSecretReadable: true, secretFields: ["accessKeyId", "secretAccessKey"] });
  });

  it("refuses to delete an account while a live resource references it", async () => {
    const { db } = getDatabase();
    const account = await createProviderAccount(db, { provider: "aws-sim", name: "aws-in-use", defaults: {}, secrets: {} });
    const [resource] = await db
      .insert(resources)
      .values({ provider: "aws-sim", accountId: account.id, type: "compute.instance", region: "us-east-1", name: "web-1", externalId: "i-1", idempotencyKey: "k-1", status: "ready" })
      .returning();

    const error = await deleteProviderAccount(db, account.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining('"web-1"') as unknown });
    expect((await listProviderAccounts(db)).map((a) => a.id)).toContain(account.id);

    // Once the resource is deleted, the account can go (the inventory row keeps its history, unlinked).
    await db.update(resources).set({ status: "deleted" }).where(eq(resources.id, resource!.id));
    expect(await deleteProviderAccount(db, account.id)).toEqual({ id: account.id, name: "aws-in-use" });
    await expect(getProviderAccount(db, account.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [unlinked] = await db.select().from(resources).where(eq(resources.id, resource!.id));
    expect(unlinked?.accountId).toBeNull();
  });
});
