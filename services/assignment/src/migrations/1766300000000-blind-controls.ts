import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Honeypots that cannot be told apart (docs/decisions.md #41):
 * - `projects.blind_control_rate`: the share of leases of tasks with a draft served without it
 *   (projects.v1 `blind_control_rate`, else honeypot_rate + audit_rate); existing copies start
 *   at their honeypot rate (the copy has no audit rate) until their next snapshot.
 * - `task_templates`: what a real task of a (project, question, ontology version) shows besides
 *   its content (question snapshot, guidelines), taken from the latest real task queued, so a
 *   honeypot copy shows exactly the same. Filled here from the tasks already queued.
 */
export class BlindControls1766300000000 implements MigrationInterface {
  name = 'BlindControls1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment.projects ADD COLUMN IF NOT EXISTS blind_control_rate double precision NOT NULL DEFAULT 0`);
    await q.query(`UPDATE assignment.projects SET blind_control_rate = LEAST(1, honeypot_rate)`);
    await q.query(`CREATE TABLE IF NOT EXISTS assignment.task_templates (
      project_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      question jsonb NOT NULL,
      guidelines text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, question_id, ontology_version)
    )`);
    await q.query(`INSERT INTO assignment.task_templates (project_id, question_id, ontology_version, question, guidelines)
      SELECT DISTINCT ON (project_id, question_id, ontology_version) project_id, question_id, ontology_version, question, guidelines
      FROM assignment.tasks WHERE kind = 'real'
      ORDER BY project_id, question_id, ontology_version, received_at DESC
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS assignment.task_templates`);
    await q.query(`ALTER TABLE assignment.projects DROP COLUMN IF EXISTS blind_control_rate`);
  }
}
