import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model loop report (issue #11):
 * - `labels.first_received_at`: when the item's first label arrived here (kept across later label
 *   versions), so a model version knows which labels no earlier version can have trained on;
 *   existing rows take their received_at;
 * - `labels.labeled_at`: when the label was decided (LabelEvent.decided_at), the start of the
 *   "label → first model trained on it" latency; null when the event had none (and for old rows);
 * - an index over drafts by time (auto-accept share over time).
 */
export class ModelLoop1765700000000 implements MigrationInterface {
  name = 'ModelLoop1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prelabel.labels ADD COLUMN first_received_at timestamptz, ADD COLUMN labeled_at timestamptz`);
    await q.query(`UPDATE prelabel.labels SET first_received_at = received_at`);
    await q.query(`ALTER TABLE prelabel.labels ALTER COLUMN first_received_at SET DEFAULT now(), ALTER COLUMN first_received_at SET NOT NULL`);
    await q.query(`CREATE INDEX drafts_by_time ON prelabel.drafts (project_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS prelabel.drafts_by_time`);
    await q.query(`ALTER TABLE prelabel.labels DROP COLUMN first_received_at, DROP COLUMN labeled_at`);
  }
}
