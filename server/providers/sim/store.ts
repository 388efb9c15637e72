import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { simObjects, type SimObject } from "@/db/schema";
import type { SimState } from "./state";

/** The simulated clouds' persistence: sim_objects rows, one per object, scoped by provider. */

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Queryable = Db | Tx;

/**
 * Runs `work` in a transaction holding the provider's advisory lock. Quota counts and address allocation
 * read, then write; serialising writers per simulated cloud keeps two concurrent creates from both fitting.
 */
export function withProviderLock<T>(db: Db, provider: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stratus-sim:${provider}`}))`);
    return work(tx);
  });
}

export async function findByKey(q: Queryable, provider: string, idempotencyKey: string): Promise<SimObject | undefined> {
  const [row] = await q
    .select()
    .from(simObjects)
    .where(and(eq(simObjects.provider, provider), eq(simObjects.idempotencyKey, idempotencyKey)));
  return row;
}

export async function findById(q: Queryable, provider: string, externalId: string): Promise<SimObject | undefined> {
  const [row] = await q
    .select()
    .from(simObjects)
    .where(and(eq(simObjects.provider, provider), eq(simObjects.externalId, externalId)));
  return row;
}

/** Live (not deleted) objects of a provider, oldest first; optionally of some types or one region. */
export function listLive(q: Queryable, provider: string, filter: { types?: readonly string[]; region?: string } = {}): Promise<SimObject[]> {
  return q
    .select()
    .from(simObjects)
    .where(
      and(
        eq(simObjects.provider, provider),
        isNull(simObjects.deletedAt),
        filter.types ? inArray(simObjects.type, [...filter.types]) : undefined,
        filter.region ? eq(simObjects.region, filter.region) : undefined,
      ),
    )
    .orderBy(asc(simObjects.createdAt), asc(simObjects.externalId));
}

export type NewObject = { provider: string; externalId: string; type: string; region: string; name: string; idempotencyKey: string; state: SimState; createdAt: Date };

export async function insertObject(q: Queryable, values: NewObject): Promise<SimObject> {
  const [row] = await q.insert(simObjects).values(values).returning();
  if (!row) throw new Error("insert into sim_objects returned no row");
  return row;
}

export async function saveState(q: Queryable, provider: string, externalId: string, state: SimState): Promise<SimObject> {
  const [row] = await q
    .update(simObjects)
    .set({ state })
    .where(and(eq(simObjects.provider, provider), eq(simObjects.externalId, externalId)))
    .returning();
  if (!row) throw new Error(`sim object ${externalId} vanished inside its own transaction`);
  return row;
}

/**
 * Soft delete: the row keeps its idempotency key, so a replayed create still finds what it made, and the
 * delete's key (`state.deletedBy`), so a replayed delete knows it was the one. False when it was gone already.
 */
export async function markDeleted(q: Queryable, provider: string, externalId: string, at: Date, deleteKey: string): Promise<boolean> {
  const rows = await q
    .update(simObjects)
    .set({ deletedAt: at, state: sql`${simObjects.state} || ${JSON.stringify({ deletedBy: deleteKey })}::jsonb` })
    .where(and(eq(simObjects.provider, provider), eq(simObjects.externalId, externalId), isNull(simObjects.deletedAt)))
    .returning({ externalId: simObjects.externalId });
  return rows.length > 0;
}
