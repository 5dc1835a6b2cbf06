import { planSession, stackEnv, type PlanSession } from '@verity/testing';
import { AnswersRepository } from '../src/db/answers.repository';
import { QUALITY_MIGRATIONS } from '../src/quality.module';

// What a batch of answers reads first, on a table no ANALYZE has seen (this machine's Postgres
// runs without autovacuum; a production one has not run it yet on a new project): the stored
// answers of the batch's tasks, one index probe per task, never the whole table, in arrival order.
describe('quality batch lookups on tables without statistics (real Postgres)', () => {
  let s: PlanSession;
  beforeAll(async () => {
    s = await planSession(stackEnv().databaseUrl, 'quality', QUALITY_MIGRATIONS);
    // 20,000 tasks' three answers each, as a busy first day leaves them; seq follows g, so
    // answer 3 of a task is newer than answer 1.
    await s.db.query(
      `INSERT INTO quality.answers (annotation_id, event_id, project_id, task_id, item_id, question_id, ontology_version, annotator_id, source, kind,
         answer_key, honeypot, counted, record, submitted_at)
       SELECT 'a' || g, 'e' || g, 'p', 't' || ((g - 1) / 3), 'i' || ((g - 1) / 3), 'q', 1, 'w' || ((g - 1) % 3), 1, 'choice',
              CASE WHEN g % 2 = 0 THEN 'spam' ELSE 'ham' END, false, true, '\\x00', now()
       FROM generate_series(1, 60000) g ORDER BY g`,
    );
  }, 60000);
  afterAll(() => s?.close());

  it("a batch's stored answers: one probe of answers_task per task, in arrival order", async () => {
    const repo = new AnswersRepository();
    const batch = Array.from({ length: 500 }, (_, i) => ({ annotationId: `new${i}`, projectId: 'p', taskId: `t${19800 + i}` })); // t19800 … t19999 exist
    await s.explain();
    await repo.prepare(s.db, batch);
    await s.quiet();
    const plans = s.plans.filter((p) => p.includes('FROM quality.answers') && p.includes('task_id'));
    expect(plans).toHaveLength(1);
    expect(plans[0]).not.toMatch(/Seq Scan on answers/);
    expect(plans[0]).toMatch(/Index Scan using answers_task on answers|Bitmap Index Scan on answers_task/);
    const answers = await repo.forTask(s.db, 'p', 't19999');
    expect(answers.map((a) => a.annotationId)).toEqual(['a59998', 'a59999', 'a60000']);
    expect(answers.map((a) => a.annotatorId)).toEqual(['w0', 'w1', 'w2']);
    expect(await repo.forTask(s.db, 'p', 't20100')).toEqual([]);
    expect(Object.keys(answers[0]!)).not.toContain('seq');
  });
});
