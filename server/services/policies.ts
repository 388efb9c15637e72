import "server-only";
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { policies, type Policy } from "@/db/schema";
import { getStep } from "@/lib/catalog";
import { PROVIDERS } from "@/lib/catalog/steps/fields";
import type { PolicyInput } from "@/lib/policy/schemas";
import { AppError, isUniqueViolation } from "../errors";
import { checkExpression } from "../policy/evaluate";
import { forgetPolicies } from "../policy/rules";
import { SEED_POLICIES } from "../policy/seeds";

/** Policies as code: admins write them (checked here before they are stored), the engine applies them. */

const duplicateName = () => new AppError("CONFLICT", "A policy with this name already exists.", { field: "name" });
const notFound = () => new AppError("NOT_FOUND", "This policy does not exist (it may have been deleted).", { field: "id" });

/** Refuses what would never work: a CEL error, an unknown provider or step type in the scope. */
function checkInput(input: PolicyInput) {
  const check = checkExpression(input.expression);
  if (!check.ok) throw new AppError("BAD_INPUT", `The expression is not valid CEL: ${check.message}`, { field: "expression" });
  const badProvider = input.scopeProviders.find((p) => !(PROVIDERS as readonly string[]).includes(p));
  if (badProvider) throw new AppError("BAD_INPUT", `Unknown provider "${badProvider}" in the scope; use one of ${PROVIDERS.join(", ")}.`, { field: "scopeProviders" });
  const badType = input.scopeStepTypes.find((t) => !getStep(t));
  if (badType) throw new AppError("BAD_INPUT", `Unknown step type "${badType}" in the scope.`, { field: "scopeStepTypes" });
}

export async function listPolicies(db: Db): Promise<Policy[]> {
  return db.select().from(policies).orderBy(asc(policies.name));
}

export async function getPolicy(db: Db, id: string): Promise<Policy> {
  const [row] = await db.select().from(policies).where(eq(policies.id, id));
  if (!row) throw notFound();
  return row;
}

export async function createPolicy(db: Db, actorId: string, input: PolicyInput): Promise<Policy> {
  checkInput(input);
  try {
    const [row] = await db.insert(policies).values({ ...input, createdBy: actorId, updatedBy: actorId }).returning();
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  } finally {
    forgetPolicies();
  }
}

export async function updatePolicy(db: Db, actorId: string, id: string, input: PolicyInput): Promise<Policy> {
  checkInput(input);
  try {
    const [row] = await db
      .update(policies)
      .set({ ...input, updatedBy: actorId, updatedAt: new Date() })
      .where(eq(policies.id, id))
      .returning();
    if (!row) throw notFound();
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  } finally {
    forgetPolicies();
  }
}

export async function setPolicyEnabled(db: Db, actorId: string, id: string, isEnabled: boolean): Promise<Policy> {
  const [row] = await db.update(policies).set({ isEnabled, updatedBy: actorId, updatedAt: new Date() }).where(eq(policies.id, id)).returning();
  forgetPolicies();
  if (!row) throw notFound();
  return row;
}

export async function deletePolicy(db: Db, id: string): Promise<void> {
  const [row] = await db.delete(policies).where(eq(policies.id, id)).returning({ id: policies.id });
  forgetPolicies();
  if (!row) throw notFound();
}

/** On the first start: the guard rails of a new installation (server/policy/seeds.ts). */
export async function seedPolicies(db: Db, adminId: string): Promise<void> {
  const [existing] = await db.select({ n: count() }).from(policies);
  if ((existing?.n ?? 0) > 0) return;
  await db.insert(policies).values(SEED_POLICIES.map((p) => ({ ...p, createdBy: adminId, updatedBy: adminId })));
  forgetPolicies();
}
