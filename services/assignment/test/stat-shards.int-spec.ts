import { Client } from 'pg';
import { inboxOutboxMigration, openDataSource } from '@verity/persistence';
import { freshDatabase, stackEnv } from '@verity/testing';
import { ASSIGNMENT_MIGRATIONS } from '../src/assignment.module';

// The dashboard counters are rows per (project, shard). Concurrent writers of one project must
// each get a shard of their own, or a lease or submit waits for another's commit on its counter
// row (real Postgres, a fresh database with assignment's migrations).
describe('dashboard counter shards (real Postgres)', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    fresh = await freshDatabase(stackEnv().databaseUrl, `${Date.now().toString(36)}_${process.pid}`, 'shards');
    const ds = await openDataSource({ url: fresh.url, schema: 'assignment', migrations: [inboxOutboxMigration('assignment'), ...ASSIGNMENT_MIGRATIONS], poolSize: 1 });
    close = async () => {
      await ds.destroy();
      await fresh.drop();
    };
  }, 60000);
  afterAll(() => close?.());

  it('sixteen open transactions queuing tasks of one project count on sixteen shards, none waiting, and the total is exact', async () => {
    // Seventeen connections hold two whose backends share pid % 16 (the shard as it was chosen);
    // sixteen of them, that pair first, write.
    const opened = await Promise.all(
      Array.from({ length: 17 }, async () => {
        const c = new Client({ connectionString: fresh.url });
        await c.connect();
        const [{ pid }] = (await c.query(`SELECT pg_backend_pid() AS pid`)).rows;
        return { c, pid: pid as number };
      }),
    );
    const a = opened.findIndex((x, i) => opened.some((y, j) => j > i && y.pid % 16 === x.pid % 16));
    const b = opened.findIndex((y, j) => j > a && y.pid % 16 === opened[a]!.pid % 16);
    const rest = opened.filter((_, i) => i !== a && i !== b).slice(0, 14);
    const sessions = [opened[a]!, opened[b]!, ...rest].map((x) => x.c);
    try {
      const shards: number[] = [];
      for (const [i, c] of sessions.entries()) {
        await c.query(`BEGIN`);
        // A wait on another transaction's counter row fails the statement instead of hanging.
        await c.query(`SET LOCAL lock_timeout = '2s'`);
        await c.query(
          `INSERT INTO assignment.tasks (task_id, project_id, kind, item_id, question_id, ontology_version, question, content_type, answers_required, source_event_id, correlation_id)
           VALUES ($1, 'p', 'real', $1, 'q', 1, '{}'::jsonb, 1, 3, $1, $1)`,
          [`t${i}`],
        );
        // The shard stays the transaction's for every counter it touches.
        const [{ first }] = (await c.query(`SELECT assignment.stat_shard() AS first`)).rows;
        const [{ again }] = (await c.query(`SELECT assignment.stat_shard() AS again`)).rows;
        expect(again).toBe(first);
        shards.push(first);
      }
      expect(new Set(shards).size).toBe(16);
      for (const c of sessions) await c.query(`COMMIT`);
      const admin = sessions[0]!;
      const [{ tasks, rows }] = (
        await admin.query(`SELECT sum(tasks)::int AS tasks, count(*)::int AS rows FROM assignment.stat_totals WHERE project_id = 'p'`)
      ).rows;
      expect({ tasks, rows }).toEqual({ tasks: 16, rows: 16 });
    } finally {
      await Promise.all(opened.map((x) => x.c.end()));
    }
  }, 60000);
});
