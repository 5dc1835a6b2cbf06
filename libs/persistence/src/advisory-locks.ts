import type { Queryable } from './queryable';

/**
 * Transaction-scoped advisory locks on (namespace, key), held until the transaction ends. Both
 * are hashed with `hashtext`, so a namespace keeps one use's keys apart from another's.
 */
export async function lockExclusive(db: Queryable, namespace: string, key: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [namespace, key]);
}

/** Shared locks on several keys of a namespace, taken in sorted order so two holders never deadlock. */
export async function lockSharedSorted(db: Queryable, namespace: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    `SELECT pg_advisory_xact_lock_shared(hashtext($1), hashtext(k))
     FROM (SELECT DISTINCT k FROM unnest($2::text[]) AS u(k) ORDER BY k) AS s`,
    [namespace, [...keys]],
  );
}

/** Exclusive locks on several keys of a namespace, in the same sorted order as `lockSharedSorted` (no deadlock with it or each other). */
export async function lockExclusiveSorted(db: Queryable, namespace: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    `SELECT pg_advisory_xact_lock(hashtext($1), hashtext(k))
     FROM (SELECT DISTINCT k FROM unnest($2::text[]) AS u(k) ORDER BY k) AS s`,
    [namespace, [...keys]],
  );
}
