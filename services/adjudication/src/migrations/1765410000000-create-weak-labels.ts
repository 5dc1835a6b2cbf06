import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Production feedback (feedback.v1) as weak labels per item and question: verdict decisions of that
 * item and question carry them in provenance. project_id is null when the sender did not know
 * the project (the weak label then applies to the item in every project).
 */
export class CreateWeakLabels1765410000000 implements MigrationInterface {
  name = 'CreateWeakLabels1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE adjudication.weak_labels (
      feedback_id text PRIMARY KEY,
      event_id text NOT NULL,
      project_id text,
      item_id text NOT NULL,
      question_id text NOT NULL,
      feedback_source smallint NOT NULL,
      source_detail text NOT NULL,
      actor_id text NOT NULL,
      answer bytea NOT NULL,
      confidence double precision,
      observed_at timestamptz,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX weak_labels_by_item ON adjudication.weak_labels (item_id, question_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS adjudication.weak_labels`);
  }
}
