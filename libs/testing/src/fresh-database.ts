import { Client } from 'pg';

/**
 * A new empty database beside the stack's one, for a benchmark or test whose services should not
 * see earlier runs' rows or projects (other suites leave projects whose empty filters match every
 * item), or that needs tables as new as a first deployment's; returns its URL and how to drop it.
 * `stamp`: lower-case letters, digits and `_` (it becomes part of the database's name).
 */
export async function freshDatabase(url: string, stamp: string, prefix = 'bench'): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!/^[a-z0-9_]+$/.test(stamp) || !/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error(`freshDatabase: name parts must be [a-z0-9_], got "${prefix}", "${stamp}"`);
  const name = `${prefix}_${stamp}`;
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
