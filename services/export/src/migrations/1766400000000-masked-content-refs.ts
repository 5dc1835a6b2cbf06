import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Masked references by default, raw on request: item_contents keeps the unmasked original's
 * reference apart from the content reference (which names the masked copy), and
 * project_raw_access copies each project's rawAccessRoles from projects.v1 (newest revision wins).
 */
export class MaskedContentRefs1766400000000 implements MigrationInterface {
  name = 'MaskedContentRefs1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE export.item_contents ADD COLUMN IF NOT EXISTS original_ref bytea`);
    await q.query(`CREATE TABLE IF NOT EXISTS export.project_raw_access (
      project_id text PRIMARY KEY,
      revision bigint NOT NULL,
      roles text[] NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS export.project_raw_access`);
    await q.query(`ALTER TABLE export.item_contents DROP COLUMN IF EXISTS original_ref`);
  }
}
