import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members now live in the platform's one membership copy (adjudication.project_access, kept by
 * the shared ProjectAccess consumer from projects.v1), so adjudication's own copy goes.
 */
export class DropMembers1766100000001 implements MigrationInterface {
  name = 'DropMembers1766100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS adjudication.members`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE adjudication.members (
      project_id text NOT NULL REFERENCES adjudication.projects (project_id) ON DELETE CASCADE,
      user_id text NOT NULL,
      roles text[] NOT NULL,
      active boolean NOT NULL,
      PRIMARY KEY (project_id, user_id)
    )`);
  }
}
