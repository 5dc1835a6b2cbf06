import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Suspensions become per (project, annotator): quality scores and suspends annotators per
 * project (annotators.v1 envelope.project_id), so a suspension in one project must not stop
 * work in another. Rows of the old global table carry no project and cannot be placed: they are
 * dropped (quality re-announces a suspension with the next change of that annotator's state).
 */
export class SuspensionsPerProject1765300000000 implements MigrationInterface {
  name = 'SuspensionsPerProject1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS assignment.suspensions`);
    await q.query(`CREATE TABLE assignment.suspensions (
      project_id text NOT NULL,
      annotator_id text NOT NULL,
      suspended boolean NOT NULL,
      reason text NOT NULL DEFAULT '',
      event_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (project_id, annotator_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS assignment.suspensions`);
    await q.query(`CREATE TABLE assignment.suspensions (
      annotator_id text PRIMARY KEY,
      suspended boolean NOT NULL,
      reason text NOT NULL DEFAULT '',
      event_id text NOT NULL,
      occurred_at timestamptz NOT NULL
    )`);
  }
}
