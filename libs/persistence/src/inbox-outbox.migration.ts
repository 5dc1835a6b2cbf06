import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from './schema-name';

/**
 * The inbox and outbox tables every consuming/producing service needs, in its own schema.
 * Include `inboxOutboxMigration(schema)` first in the service's migrations list.
 */
export function inboxOutboxMigration(schema: string): new () => MigrationInterface {
  const s = assertSchemaName(schema);
  return class CreateInboxAndOutbox1764400000000 implements MigrationInterface {
    name = 'CreateInboxAndOutbox1764400000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE "${s}".inbox (
        consumer text NOT NULL,
        event_id text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
      await q.query(`CREATE TABLE "${s}".outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text,
        value bytea NOT NULL,
        headers jsonb NOT NULL,
        event_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
      await q.query(`CREATE INDEX outbox_unpublished ON "${s}".outbox (id) WHERE published_at IS NULL`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${s}".outbox`);
      await q.query(`DROP TABLE "${s}".inbox`);
    }
  };
}
