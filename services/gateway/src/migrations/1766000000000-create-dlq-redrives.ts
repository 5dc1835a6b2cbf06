import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operations API's redrive log: one row per dead letter redriven, so the same one is never
 * redriven twice. A dead letter is named by its DLQ position and its `verity-failed-at` header
 * (so a DLQ topic recreated from offset 0 does not inherit the old rows' "already redriven").
 */
export class CreateDlqRedrives1766000000000 implements MigrationInterface {
  name = 'CreateDlqRedrives1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE gateway.dlq_redrives (
      dlq_topic text NOT NULL,
      dlq_partition integer NOT NULL,
      dlq_offset bigint NOT NULL,
      failed_at text NOT NULL,
      original_topic text NOT NULL,
      original_partition integer,
      original_offset bigint,
      consumer_group text,
      redriven_by text NOT NULL,
      redriven_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset, failed_at)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.dlq_redrives`);
  }
}
