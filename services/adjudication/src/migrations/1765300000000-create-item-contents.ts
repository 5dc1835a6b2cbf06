import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * items.v1 → the content an expert reads: masked text, payload reference and content reference
 * per item. quality (which builds the requests) has no content, so AdjudicationEvent usually
 * carries none; the expert view falls back to this copy.
 */
export class CreateItemContents1765300000000 implements MigrationInterface {
  name = 'CreateItemContents1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE adjudication.item_contents (
      item_id text PRIMARY KEY,
      content jsonb,
      masked_text text,
      payload_ref jsonb,
      detected_language text,
      content_event_id text NOT NULL DEFAULT '',
      item_event_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS adjudication.item_contents`);
  }
}
