import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure: which items of a project were erased (and by which request), and which past releases
 * held one. Releases are immutable, so a release that held an erased item is marked, not rewritten.
 */
export class CreateReleaseErasures1766200000000 implements MigrationInterface {
  name = 'CreateReleaseErasures1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS export.erased_items (
      project_id text NOT NULL,
      item_id text COLLATE "C" NOT NULL,
      erasure_id text NOT NULL,
      erased_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, item_id)
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS export.release_erasures (
      release_id text NOT NULL REFERENCES export.releases (release_id),
      item_id text COLLATE "C" NOT NULL,
      erasure_id text NOT NULL,
      erased_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (release_id, item_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS export.release_erasures`);
    await q.query(`DROP TABLE IF EXISTS export.erased_items`);
  }
}
