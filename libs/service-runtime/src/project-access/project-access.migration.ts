import type { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from '@verity/persistence';

/**
 * A service's copy of who belongs to which project (from projects.v1): one row per project with
 * the snapshot revision it holds (the guard: an older snapshot changes nothing), and one per
 * member with their project roles.
 */
export function projectAccessMigration(schema: string): new () => MigrationInterface {
  const s = assertSchemaName(schema);
  return class CreateProjectAccess1766100000000 implements MigrationInterface {
    name = 'CreateProjectAccess1766100000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE "${s}".project_access_projects (
        project_id text PRIMARY KEY,
        revision bigint NOT NULL,
        archived boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
      await q.query(`CREATE TABLE "${s}".project_access (
        project_id text NOT NULL,
        user_id text NOT NULL,
        roles text[] NOT NULL,
        active boolean NOT NULL,
        revision bigint NOT NULL,
        PRIMARY KEY (project_id, user_id)
      )`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${s}".project_access`);
      await q.query(`DROP TABLE "${s}".project_access_projects`);
    }
  };
}
