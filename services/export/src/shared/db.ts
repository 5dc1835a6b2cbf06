import { DataSource, EntityManager } from 'typeorm';

/** Anything raw SQL can run on: the data source or a transaction's entity manager. */
export type Db = DataSource | EntityManager;

/** Rows of a parameterized query (TypeORM answers UPDATE/DELETE with [rows, count]). */
export async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  const r: unknown = await db.query(sql, params);
  if (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number') return r[0] as T[];
  return r as T[];
}

/** The first row, or undefined. */
export async function row<T>(db: Db, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(db, sql, params))[0];
}
