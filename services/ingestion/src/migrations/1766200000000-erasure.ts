import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure: an item's content is blanked in place (the row, its dedup key and its provenance stay,
 * so a replay of content.v1 is still recognised as a duplicate and not ingested again) and its
 * project rows are marked erased. Payload objects are content-addressed and may be shared
 * by several items, so an object is deleted only when no other item refers to its key: indexed.
 */
export class Erasure1766200000000 implements MigrationInterface {
  name = 'Erasure1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ingestion.items ADD COLUMN IF NOT EXISTS erased_at timestamptz`);
    await q.query(`ALTER TABLE ingestion.item_projects ADD COLUMN IF NOT EXISTS erased_at timestamptz`);
    await q.query(`CREATE INDEX IF NOT EXISTS items_by_payload_key ON ingestion.items ((payload_ref->>'key'))`);
    await q.query(`CREATE INDEX IF NOT EXISTS items_by_original_key ON ingestion.items ((original_ref->>'key'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ingestion.items_by_original_key`);
    await q.query(`DROP INDEX IF EXISTS ingestion.items_by_payload_key`);
    await q.query(`ALTER TABLE ingestion.item_projects DROP COLUMN IF EXISTS erased_at`);
    await q.query(`ALTER TABLE ingestion.items DROP COLUMN IF EXISTS erased_at`);
  }
}
