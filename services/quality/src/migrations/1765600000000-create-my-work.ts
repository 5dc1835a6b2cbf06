import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the annotator's "my work" view needs: the project's members and its
 * show_annotator_accuracy policy flag (both from projects.v1), every task's final label as
 * decided (by quality, by machine auto-accept, or by an expert on decisions.v1), and an index
 * over one person's answers, newest first.
 *
 * Projects whose last snapshot was applied before this migration have no member copy (and the
 * flag off) until their next snapshot; tasks closed before it have no stored final label.
 */
export class CreateMyWork1765600000000 implements MigrationInterface {
  name = 'CreateMyWork1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quality.projects ADD COLUMN show_annotator_accuracy boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE TABLE quality.project_members (
      project_id text NOT NULL,
      user_id text NOT NULL,
      roles text[] NOT NULL,
      active boolean NOT NULL,
      PRIMARY KEY (project_id, user_id)
    )`);
    // The final label: option id (single choice; else null) and the decided Answer (protobuf),
    // how it was decided (aggregation method, lower case) and when.
    await q.query(`ALTER TABLE quality.tasks ADD COLUMN final_label text, ADD COLUMN final_answer bytea,
      ADD COLUMN final_method text, ADD COLUMN final_at timestamptz`);
    await q.query(`CREATE INDEX answers_by_annotator ON quality.answers (project_id, annotator_id, submitted_at DESC, annotation_id DESC)
      WHERE source = 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS quality.answers_by_annotator`);
    await q.query(`ALTER TABLE quality.tasks DROP COLUMN final_label, DROP COLUMN final_answer, DROP COLUMN final_method, DROP COLUMN final_at`);
    await q.query(`DROP TABLE IF EXISTS quality.project_members`);
    await q.query(`ALTER TABLE quality.projects DROP COLUMN show_annotator_accuracy`);
  }
}
