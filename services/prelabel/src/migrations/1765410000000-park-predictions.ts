import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Predictions for items prelabel has no task of yet are parked with their scores (and the item
 * id, once known) until a task of the item arrives, and are scored again then by the project's
 * strategy; item_sources maps content source ids to items (from items.v1) for predictions that
 * name only the source ids.
 */
export class ParkPredictions1765410000000 implements MigrationInterface {
  name = 'ParkPredictions1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prelabel.unresolved_predictions
      ADD COLUMN item_id text,
      ADD COLUMN scores jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN resolved_at timestamptz`);
    await q.query(`CREATE INDEX unresolved_by_item ON prelabel.unresolved_predictions (item_id, question_id) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX unresolved_by_source ON prelabel.unresolved_predictions (source, source_id) WHERE item_id IS NULL`);
    await q.query(`CREATE TABLE prelabel.item_sources (
      source text NOT NULL,
      source_id text NOT NULL,
      item_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (source, source_id, item_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prelabel.item_sources`);
    await q.query(`ALTER TABLE prelabel.unresolved_predictions DROP COLUMN item_id, DROP COLUMN scores, DROP COLUMN resolved_at`);
  }
}
