import { Client } from 'pg';
import type { MigrationInterface } from 'typeorm';
import { inboxOutboxMigration, openDataSource, type Queryable } from '@verity/persistence';
import { freshDatabase } from './fresh-database';

/** A service's schema on a new database, and one session on it whose plans auto_explain reports. */
export interface PlanSession {
  /** The session: statements and their plans happen here. */
  db: Queryable;
  /** The plans reported since the last `explain()`, nested statements (triggers) included. */
  plans: string[];
  /** From now on, report every statement's plan (clears `plans`). */
  explain(): Promise<void>;
  /** Stop reporting plans. */
  quiet(): Promise<void>;
  close(): Promise<void>;
}

/**
 * For tests of what the planner does on a first deployment's tables, which no ANALYZE has seen:
 * a fresh database with the service's migrations (after the shared inbox/outbox one) and a
 * session with `auto_explain` loaded, reporting plans as notices.
 */
export async function planSession(url: string, schema: string, migrations: (new () => MigrationInterface)[]): Promise<PlanSession> {
  const fresh = await freshDatabase(url, `${Date.now().toString(36)}_${process.pid}`, 'plan');
  const ds = await openDataSource({ url: fresh.url, schema, migrations: [inboxOutboxMigration(schema), ...migrations], poolSize: 1 });
  const session = new Client({ connectionString: fresh.url });
  await session.connect();
  const plans: string[] = [];
  session.on('notice', (n) => plans.push(n.message ?? ''));
  await session.query(`LOAD 'auto_explain'`);
  return {
    db: { query: async (sql, params) => (await session.query(sql, params as unknown[])).rows },
    plans,
    explain: async () => {
      plans.length = 0;
      await session.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = 'notice'`);
    },
    quiet: async () => {
      await session.query(`SET auto_explain.log_min_duration = -1`);
    },
    close: async () => {
      await session.end();
      await ds.destroy();
      await fresh.drop();
    },
  };
}
