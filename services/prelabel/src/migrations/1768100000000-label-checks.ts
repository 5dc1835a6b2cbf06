import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Label checks (domain/label-check.policy): one row per (item, question) whose label the local
 * model disagreed with out-of-fold and that was sent to the expert, once. `label_version`,
 * `option_id` and `confidence` are the label checked; the check is answered by the first expert
 * verdict on decisions.v1 given after the request (`answered_at`, `verdict_*`; a verdict that
 * confirms the label makes no new label version) or by a newer label version.
 */
export class LabelChecks1768100000000 implements MigrationInterface {
  name = 'LabelChecks1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS prelabel.label_checks (
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      task_id text NOT NULL,
      label_version integer NOT NULL,
      option_id text NOT NULL,
      confidence double precision,
      model_version integer NOT NULL,
      model_option_id text NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      answered_at timestamptz,
      verdict_option_id text,
      verdict_confidence double precision,
      PRIMARY KEY (project_id, item_id, question_id)
    )`);
    await q.query(`CREATE INDEX IF NOT EXISTS label_checks_by_question ON prelabel.label_checks (project_id, question_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS prelabel.label_checks`);
  }
}
