import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Predictions imported from another tool (Label Studio), kept by the content's source ids until
 * the task of that item and question arrives, then published as its draft instead of asking a
 * model. One row per model version, so posting the same import again changes nothing.
 */
export class ImportedPrelabels1766050000000 implements MigrationInterface {
  name = 'ImportedPrelabels1766050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prelabel.imported_prelabels (
      project_id text NOT NULL,
      source text NOT NULL,
      source_id text NOT NULL,
      question_id text NOT NULL,
      option_ids text[] NOT NULL,
      score double precision,
      model_version text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      applied_task_id text,
      PRIMARY KEY (project_id, source, source_id, question_id, model_version)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prelabel.imported_prelabels`);
  }
}
