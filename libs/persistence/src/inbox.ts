import { DataSource, EntityManager } from 'typeorm';
import type { MessageContext } from '@verity/messaging';
import { assertSchemaName } from './schema-name';

/**
 * Idempotent consumption: the handler's writes and the inbox row commit in one transaction,
 * so a redelivered event (same event id, same consumer) is skipped and its effect happens once.
 */
export class Inbox {
  private readonly schema: string;

  constructor(
    private readonly ds: DataSource,
    schema: string,
    private readonly consumer: string,
  ) {
    this.schema = assertSchemaName(schema);
  }

  /** Runs fn once per event id; returns false when the event was already processed. */
  async once(ctx: MessageContext, fn: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      const rows: unknown[] = await tx.query(
        `INSERT INTO "${this.schema}".inbox (consumer, event_id, topic, partition, "offset")
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.consumer, ctx.eventId, ctx.topic, ctx.partition, ctx.offset],
      );
      if (rows.length === 0) return false;
      await fn(tx);
      return true;
    });
  }
}
