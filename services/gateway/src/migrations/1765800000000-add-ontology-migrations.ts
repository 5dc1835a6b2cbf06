import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The migration map an ontology version was published with (from the previous published
 * version): a JSON array of `{questionId, kind, from, to}`; NULL for drafts and versions
 * published without one (read as []).
 */
export class AddOntologyMigrations1765800000000 implements MigrationInterface {
  name = 'AddOntologyMigrations1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.ontology_versions ADD COLUMN migrations jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.ontology_versions DROP COLUMN migrations`);
  }
}
