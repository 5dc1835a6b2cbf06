import { planSession, stackEnv, type PlanSession } from '@verity/testing';
import { DraftRepository } from '../src/db/draft.repository';
import { ImportedPrelabelRepository } from '../src/db/imported-prelabel.repository';
import { PRELABEL_MIGRATIONS } from '../src/prelabel.module';

// What a batch of arriving tasks looks up, on a first deployment's tables, which no ANALYZE has
// seen (this machine's Postgres runs without autovacuum; a production one has not run it yet on
// a new project): one probe by key per task, never the whole table, and the same answers.
describe('prelabel batch lookups on tables without statistics (real Postgres)', () => {
  let s: PlanSession;
  beforeAll(async () => {
    s = await planSession(stackEnv().databaseUrl, 'prelabel', PRELABEL_MIGRATIONS);
    // 40,000 tasks' drafts and item sources, as a busy first day leaves them.
    await s.db.query(
      `INSERT INTO prelabel.drafts (task_id, event_id, project_id, item_id, question_id, backend, model_id, model_version, prompt_version, route)
       SELECT 't' || g, 'e' || g, 'p', 'i' || g, 'q', 'local', 'm', 'v1', '', 'HUMAN_WITHOUT_DRAFT' FROM generate_series(1, 40000) g`,
    );
    await s.db.query(`INSERT INTO prelabel.item_sources (source, source_id, item_id) SELECT 'src', 's' || g, 'i' || g FROM generate_series(1, 40000) g`);
    await s.db.query(
      `INSERT INTO prelabel.imported_prelabels (project_id, source, source_id, question_id, option_ids, model_version) VALUES ('p', 'src', 's7', 'q', '{spam}', 'v1')`,
    );
  }, 60000);
  afterAll(() => s?.close());

  const planOf = (fragment: string) => {
    const found = s.plans.filter((p) => p.includes(fragment));
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('drafts already made: one primary-key probe per task', async () => {
    await s.explain();
    const keys = Array.from({ length: 500 }, (_, i) => ({ projectId: 'p', taskId: `t${39800 + i}` })); // the last 201 have a draft
    const existing = await new DraftRepository().existing(s.db, keys);
    await s.quiet();
    expect(existing.size).toBe(201);
    expect(existing.has('t40000')).toBe(true);
    expect(existing.has('t40001')).toBe(false);
    const plan = planOf('FROM prelabel.drafts');
    expect(plan).not.toMatch(/Seq Scan on drafts/);
    expect(plan).toMatch(/Index Scan using drafts_pkey on drafts/);
  });

  it('imported prelabels of arriving tasks: item sources probed by item', async () => {
    await s.explain();
    const keys = Array.from({ length: 500 }, (_, i) => ({ taskId: `n${i}`, projectId: 'p', itemId: `i${i + 1}`, questionId: 'q', source: '', sourceId: '' }));
    const found = await new ImportedPrelabelRepository().newestForTasks(s.db, keys);
    await s.quiet();
    expect([...found.keys()]).toEqual(['n6']); // item i7 came as source id s7
    expect(found.get('n6')).toMatchObject({ sourceId: 's7', optionIds: ['spam'] });
    const plan = planOf('FROM prelabel.item_sources');
    expect(plan).not.toMatch(/Seq Scan on item_sources/);
    expect(plan).toMatch(/Index Scan using item_sources_by_item on item_sources|Bitmap Index Scan on item_sources_by_item/);
  });
});
