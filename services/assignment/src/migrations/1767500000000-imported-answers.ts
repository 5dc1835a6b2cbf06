import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answers imported from another tool (a Label Studio export's annotations, issue #16):
 * - `tasks.source` / `source_id`: the item's content source ids (tasks.v1 fields 19/20), so an
 *   imported answer, which knows only those, finds its task;
 * - `imported_answers`: every answer posted, parked until its task exists, then applied once
 *   (`applied_task_id`, `applied_at`);
 * - `assignments.imported`: the synthetic, already-submitted lease an applied answer is recorded
 *   under. The once-per-person index leaves such rows out: one tool's annotator may have
 *   answered an item twice, and every imported answer is kept.
 */
export class ImportedAnswers1767500000000 implements MigrationInterface {
  name = 'ImportedAnswers1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment.tasks ADD COLUMN IF NOT EXISTS source text, ADD COLUMN IF NOT EXISTS source_id text`);
    await q.query(`CREATE INDEX IF NOT EXISTS tasks_by_source ON assignment.tasks (project_id, source, source_id, question_id)
      WHERE kind = 'real' AND source_id IS NOT NULL`);
    await q.query(`CREATE TABLE assignment.imported_answers (
      project_id text NOT NULL,
      source text NOT NULL,
      source_id text NOT NULL,
      question_id text NOT NULL,
      annotator_id text NOT NULL,
      external_id text NOT NULL,
      option_ids text[] NOT NULL,
      submitted_at timestamptz NOT NULL,
      time_spent_ms bigint,
      imported_by text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      annotation_id text NOT NULL UNIQUE,
      applied_task_id text,
      applied_at timestamptz,
      last_error text,
      PRIMARY KEY (project_id, source, source_id, question_id, annotator_id, external_id)
    )`);
    await q.query(`CREATE INDEX imported_answers_parked ON assignment.imported_answers (project_id, source, source_id, question_id)
      WHERE applied_task_id IS NULL`);
    await q.query(`ALTER TABLE assignment.assignments ADD COLUMN IF NOT EXISTS imported boolean NOT NULL DEFAULT false`);
    await q.query(`DROP INDEX assignment.assignments_once_per_person`);
    await q.query(`CREATE UNIQUE INDEX assignments_once_per_person ON assignment.assignments (task_id, annotator_id)
      WHERE state IN ('leased', 'submitted', 'skipped') AND NOT imported`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assignment.assignments_once_per_person`);
    await q.query(`CREATE UNIQUE INDEX assignments_once_per_person ON assignment.assignments (task_id, annotator_id)
      WHERE state IN ('leased', 'submitted', 'skipped')`);
    await q.query(`ALTER TABLE assignment.assignments DROP COLUMN IF EXISTS imported`);
    await q.query(`DROP TABLE IF EXISTS assignment.imported_answers`);
    await q.query(`DROP INDEX IF EXISTS assignment.tasks_by_source`);
    await q.query(`ALTER TABLE assignment.tasks DROP COLUMN IF EXISTS source, DROP COLUMN IF EXISTS source_id`);
  }
}
