import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members now live in the platform's one membership copy (quality.project_access, kept by the
 * shared ProjectAccess consumer from projects.v1), so quality's own copy goes.
 */
export class DropProjectMembers1766100000001 implements MigrationInterface {
  name = 'DropProjectMembers1766100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS quality.project_members`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE quality.project_members (
      project_id text NOT NULL,
      user_id text NOT NULL,
      roles text[] NOT NULL,
      active boolean NOT NULL,
      PRIMARY KEY (project_id, user_id)
    )`);
  }
}
