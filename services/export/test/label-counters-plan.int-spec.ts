import { planSession, stackEnv, type PlanSession } from '@verity/testing';
import { EXPORT_MIGRATIONS } from '../src/export.module';

// The label counters' trigger on a first deployment's tables, which no ANALYZE has seen (this
// machine's Postgres runs without autovacuum; a production one has not run it yet on a new
// project). Each inserted version looks up its previous version: that must stay a probe of the
// primary key, not a read of every version stored, however the table grew since the session began.
describe('label counters on label versions that grew since the session began (real Postgres)', () => {
  let s: PlanSession;
  beforeAll(async () => {
    s = await planSession(stackEnv().databaseUrl, 'export', EXPORT_MIGRATIONS);
  }, 60000);
  afterAll(() => s?.close());

  /** Versions `version` of items from…to; every 10th a verdict's (its request id repeats per item). */
  const versions = (from: number, to: number, version: number) =>
    s.db.query(
      `INSERT INTO export.label_versions (item_id, question_id, label_version, project_id, status, label, soft_label, confidence, ontology_version,
         adjudicated, gold, content_digest, provenance, label_event_id, label_event, release_row, decision_event_id, decision_id, content_event_id,
         correlation_id, decided_at)
       SELECT 'i' || g, 'q', $3::int, 'p', 1, 'spam', '{}'::jsonb, 0.9, 1, g % 10 = 0, false, repeat('0', 64),
              CASE WHEN g % 10 = 0 THEN jsonb_build_object('verdict', jsonb_build_object('requestId', 'r' || g)) ELSE '{}'::jsonb END,
              'l' || g || '-' || $3::int, '\\x00'::bytea, '{}', 'd' || g, 'd' || g, 'c' || g, 'c' || g, now()
       FROM generate_series($1::int, $2::int) g`,
      [from, to, version],
    );
  const current = async () => ((await s.db.query(`SELECT coalesce(sum(current), 0)::int AS n, coalesce(sum(labels), 0)::int AS l FROM export.stat_totals WHERE project_id = 'p'`)) as { n: number; l: number }[])[0];

  it('looks up each previous version by key, however many versions are stored, and counts as before', async () => {
    await versions(1, 10, 1); // the session's first insert, into an empty table
    expect(await current()).toEqual({ n: 10, l: 10 });
    await versions(11, 40000, 1);
    await s.explain();
    await versions(20001, 20500, 2); // a second version of 500 labels (50 of them verdicts)
    await s.quiet();
    const counting = s.plans.filter((p) => p.includes('INSERT INTO export.stat_minutes'));
    expect(counting).toHaveLength(1);
    expect(counting[0]).not.toMatch(/Seq Scan on label_versions/);
    expect(counting[0]).toMatch(/Index Scan using label_versions_pkey on label_versions/);
    // 500 new labels; the versions they replace stop being current.
    expect(await current()).toEqual({ n: 40000, l: 40500 });
  }, 60000);
});
