import { Client } from 'pg';

/**
 * A new empty database beside the stack's one, for a benchmark whose services should not see
 * earlier runs' rows or projects (other suites leave projects whose empty filters match every
 * item); returns its URL and how to drop it.
 */
export async function freshDatabase(url: string, stamp: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_${stamp}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
