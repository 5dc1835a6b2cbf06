import { fromBinary } from '@bufbuild/protobuf';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { AnswerRecordSchema } from '@verity/contracts';

/**
 * What the dashboards need (issue #11):
 * - `answers.time_spent_ms`: the time an annotator spent on the answer (from its AnswerRecord), so
 *   the median per annotator is one aggregate; existing human answers are backfilled from their
 *   stored record (0 = not reported, kept as NULL);
 * - manual suspension on `annotator_stats`: whether the current suspension was set by a person
 *   (the automatic rule never lifts it), the known-truth count at a manual reinstatement (the
 *   automatic rule suspends again only on newer evidence), and who changed the suspension last,
 *   why and when; `reliability_history.actor_id` (the person, null for quality's own changes);
 * - an index over the tasks' finalization time (human answers per item over time).
 */
export class Dashboards1765700000000 implements MigrationInterface {
  name = 'Dashboards1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quality.answers ADD COLUMN time_spent_ms bigint`);
    let after = '';
    for (;;) {
      const rows: { annotation_id: string; record: Buffer }[] = await q.query(
        `SELECT annotation_id, record FROM quality.answers WHERE source = 1 AND annotation_id > $1 ORDER BY annotation_id LIMIT 2000`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.annotation_id;
      const ids: string[] = [];
      const ms: string[] = [];
      for (const r of rows) {
        const t = fromBinary(AnswerRecordSchema, r.record).timeSpentMs;
        if (t > 0n) {
          ids.push(r.annotation_id);
          ms.push(t.toString());
        }
      }
      if (ids.length > 0) {
        await q.query(
          `UPDATE quality.answers a SET time_spent_ms = d.ms FROM unnest($1::text[], $2::bigint[]) AS d(id, ms) WHERE a.annotation_id = d.id`,
          [ids, ms],
        );
      }
    }
    await q.query(`ALTER TABLE quality.annotator_stats
      ADD COLUMN suspension_manual boolean NOT NULL DEFAULT false,
      ADD COLUMN reinstated_at_known_truth integer,
      ADD COLUMN suspension_by text,
      ADD COLUMN suspension_reason text,
      ADD COLUMN suspension_changed_at timestamptz`);
    await q.query(`ALTER TABLE quality.reliability_history ADD COLUMN actor_id text`);
    await q.query(`CREATE INDEX tasks_finalized ON quality.tasks (project_id, (COALESCE(final_at, closed_at)))
      WHERE final_at IS NOT NULL OR status = 'decided'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS quality.tasks_finalized`);
    await q.query(`ALTER TABLE quality.reliability_history DROP COLUMN actor_id`);
    await q.query(`ALTER TABLE quality.annotator_stats DROP COLUMN suspension_manual, DROP COLUMN reinstated_at_known_truth,
      DROP COLUMN suspension_by, DROP COLUMN suspension_reason, DROP COLUMN suspension_changed_at`);
    await q.query(`ALTER TABLE quality.answers DROP COLUMN time_spent_ms`);
  }
}
