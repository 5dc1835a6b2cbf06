import type { EntityManager } from 'typeorm';
import { rows } from '@verity/persistence';

/**
 * The rows of a query in pages, through a server-side cursor, so a result of any size is read
 * in bounded memory. Runs inside the caller's transaction (a cursor lives until its end), which
 * is also what makes every page come from one snapshot.
 */
export async function* cursorPages<T>(tx: EntityManager, name: string, sql: string, params: unknown[], pageRows: number): AsyncGenerator<T[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`cursor name ${JSON.stringify(name)} must be a lower-case SQL identifier`);
  await tx.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  try {
    for (;;) {
      const page = await rows<T>(tx, `FETCH FORWARD ${Math.max(1, Math.floor(pageRows))} FROM ${name}`);
      if (page.length === 0) return;
      yield page;
      if (page.length < pageRows) return;
    }
  } finally {
    await tx.query(`CLOSE ${name}`).catch(() => undefined);
  }
}
