import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The masked text of items whose text items.v1 carries inline (below ingestion's
 * INGESTION_INLINE_MAX_BYTES there is no S3 payload to read), so a release can be exported with
 * its texts (Label Studio tasks). Erasure deletes the row, text included. Items recorded before
 * this column keep NULL: their text is not known here.
 */
export class ItemMaskedText1766600000000 implements MigrationInterface {
  name = 'ItemMaskedText1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE export.item_contents ADD COLUMN IF NOT EXISTS masked_text text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE export.item_contents DROP COLUMN IF EXISTS masked_text`);
  }
}
