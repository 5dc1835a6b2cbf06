import type { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from '@verity/persistence';

/**
 * Production feedback (feedback.v1) as weak labels per item and question, in the schema of a
 * service whose decisions carry them in provenance (WeakLabelsRepository). project_id is null
 * when the sender did not know the project (the weak label then applies to the item in every
 * project).
 */
export function weakLabelsMigration(schema: string): new () => MigrationInterface {
  const s = assertSchemaName(schema);
  return class CreateWeakLabels1765410000000 implements MigrationInterface {
    name = 'CreateWeakLabels1765410000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE "${s}".weak_labels (
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
      await q.query(`CREATE INDEX weak_labels_by_item ON "${s}".weak_labels (item_id, question_id)`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE IF EXISTS "${s}".weak_labels`);
    }
  };
}
