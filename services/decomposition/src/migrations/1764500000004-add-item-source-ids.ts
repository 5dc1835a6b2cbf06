import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The item's content source ids (items.v1 `content.source` / `source_id`), carried into its tasks
 * so work imported by source id (a Label Studio export's annotations) finds them. Null for items
 * recorded before.
 */
export class AddItemSourceIds1764500000004 implements MigrationInterface {
  name = 'AddItemSourceIds1764500000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decomposition.items ADD COLUMN IF NOT EXISTS source text, ADD COLUMN IF NOT EXISTS source_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decomposition.items DROP COLUMN IF EXISTS source, DROP COLUMN IF EXISTS source_id`);
  }
}
