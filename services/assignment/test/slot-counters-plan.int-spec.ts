import { planSession, stackEnv, type PlanSession } from '@verity/testing';
import { ASSIGNMENT_MIGRATIONS } from '../src/assignment.module';

// The slot counters' trigger on a first deployment's tables, which no ANALYZE has seen (this
// machine's Postgres runs without autovacuum; a production one has not run it yet on a new
// queue). A session that counted its first slots while `tasks` was empty must not keep reading
// the whole queue for every later batch.
describe('slot counters on a queue that grew since the session began (real Postgres)', () => {
  let s: PlanSession;
  beforeAll(async () => {
    s = await planSession(stackEnv().databaseUrl, 'assignment', ASSIGNMENT_MIGRATIONS);
  }, 60000);
  afterAll(() => s?.close());

  const queue = (from: number, to: number, kind = 'real') =>
    s.db.query(
      `INSERT INTO assignment.tasks (task_id, project_id, kind, item_id, question_id, ontology_version, question, content_type, answers_required, source_event_id, correlation_id)
       SELECT 't' || g, 'p', $3, 'i' || g, 'q', 1, '{}'::jsonb, 1, 3, 'e' || g, 'c' || g FROM generate_series($1::int, $2::int) g`,
      [from, to, kind],
    );
  const slots = (from: number, to: number) =>
    s.db.query(`INSERT INTO assignment.slots (task_id, slot_no, project_id, state) SELECT 't' || g, n, 'p', 'open' FROM generate_series($1::int, $2::int) g, generate_series(1, 3) n`, [from, to]);
  const totals = async () => ((await s.db.query(`SELECT coalesce(sum(slots_open), 0)::int AS open FROM assignment.stat_totals WHERE project_id = 'p'`)) as { open: number }[])[0]!.open;

  it('probes tasks by key for every batch, however large the queue has grown, and counts as before', async () => {
    // The session's first batch, on an empty queue: the plan a cached statement would keep.
    await queue(1, 10);
    await slots(1, 10);
    expect(await totals()).toBe(30);
    // The queue grows to 40,000 tasks (a honeypot copy among them), still never analysed.
    await queue(11, 40000);
    await queue(40001, 40001, 'honeypot');
    await s.explain();
    await slots(20001, 20500);
    await slots(40001, 40001);
    await s.quiet();
    const counting = s.plans.filter((p) => p.includes('INSERT INTO assignment.stat_totals'));
    expect(counting).toHaveLength(2);
    for (const plan of counting) {
      expect(plan).not.toMatch(/Seq Scan on tasks/);
      expect(plan).toMatch(/Index Scan using tasks_pkey on tasks/);
    }
    // 500 real tasks' slots counted, the honeypot copy's not.
    expect(await totals()).toBe(30 + 1500);
  }, 60000);
});
