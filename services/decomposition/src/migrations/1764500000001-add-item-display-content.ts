import { MigrationInterface, QueryRunner } from 'typeorm';

/** What annotators see of an item (masked text, payload reference), carried into its tasks. */
export class AddItemDisplayContent1764500000001 implements MigrationInterface {
  name = 'AddItemDisplayContent1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decomposition.items ADD COLUMN masked_text text, ADD COLUMN payload_ref bytea`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decomposition.items DROP COLUMN masked_text, DROP COLUMN payload_ref`);
  }
}
