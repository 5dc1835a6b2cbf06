import { planSession, stackEnv, type PlanSession } from '@verity/testing';
import { ASSIGNMENT_MIGRATIONS } from '../src/assignment.module';
import { LeaseRepository } from '../src/db/lease.repository';

// The lease's queue query on tables no ANALYZE has seen (this machine's Postgres runs without
// autovacuum; a production one has not run it yet on a new project). "Never the same person
// twice on an item" must cost a probe per candidate task, not a scan of everything the caller
// ever did in the project: a long-serving annotator's lease would grow with their history.
describe('the next slot for an annotator with a long history (real Postgres)', () => {
  let s: PlanSession;
  beforeAll(async () => {
    s = await planSession(stackEnv().databaseUrl, 'assignment', ASSIGNMENT_MIGRATIONS);
  }, 60000);
  afterAll(() => s?.close());

  const tasks = (from: number, to: number, completed: boolean) =>
    s.db.query(
      `INSERT INTO assignment.tasks (task_id, project_id, kind, item_id, question_id, ontology_version, question, content_type, answers_required,
         source_event_id, correlation_id, completed_at)
       SELECT 't' || g, 'p', 'real', 'i' || g, 'q', 1, '{}'::jsonb, 1, 1, 'e' || g, 'c' || g, CASE WHEN $3 THEN now() END
       FROM generate_series($1::int, $2::int) g`,
      [from, to, completed],
    );

  it('probes the caller\'s leases by item and question for each candidate, and leases the head of the queue', async () => {
    // 600 items the caller answered, then 100 queued tasks.
    await tasks(1, 600, true);
    await s.db.query(`INSERT INTO assignment.slots (task_id, slot_no, project_id, state) SELECT 't' || g, 1, 'p', 'done' FROM generate_series(1, 600) g`);
    await s.db.query(
      `INSERT INTO assignment.assignments (lease_id, task_id, slot_no, project_id, item_id, question_id, annotator_id, state, leased_at, expires_at)
       SELECT 'l' || g, 't' || g, 1, 'p', 'i' || g, 'q', 'u', 'submitted', now(), now() FROM generate_series(1, 600) g`,
    );
    await tasks(601, 700, false);
    await s.db.query(`INSERT INTO assignment.slots (task_id, slot_no, project_id, state) SELECT 't' || g, 1, 'p', 'open' FROM generate_series(601, 700) g`);

    await s.explain();
    const { slot } = await new LeaseRepository().countsAndNextSlot(s.db, 'p', 'u', { skills: [], languages: [], matchLanguage: false });
    await s.quiet();
    expect(slot?.taskId).toBe('t601');
    const plan = s.plans.find((p) => p.includes('candidates'));
    expect(plan).toBeDefined();
    // Every scan of the caller's leases is keyed by the candidate's item and question.
    const scans = plan!.split('\n').flatMap((line, i, lines) =>
      /Scan (using \S+ )?on assignments a\b/.test(line) ? [`${line}\n${lines.slice(i + 1, i + 3).join('\n')}`] : [],
    );
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan).toMatch(/Index Cond: .*item_id = t\.item_id.*question_id = t\.question_id/);
  }, 60000);
});
