import type { DataSource, EntityManager } from 'typeorm';

/**
 * Anything raw SQL runs on: the data source, or the entity manager of an open transaction. Its
 * answer is the driver's, untyped: repositories read rows through `rows<T>()` / `row<T>()`.
 */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** A data source or a transaction's entity manager, where a caller needs more than `query`. */
export type Db = DataSource | EntityManager;

/**
 * The rows of a parameterized query, typed by the caller (TypeORM answers UPDATE/DELETE …
 * RETURNING with [rows, count]; that shape is unwrapped).
 */
export async function rows<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  const r: unknown = await db.query(sql, params);
  if (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number') return r[0] as T[];
  return r as T[];
}

/** The first row, or undefined. */
export async function row<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(db, sql, params))[0];
}
