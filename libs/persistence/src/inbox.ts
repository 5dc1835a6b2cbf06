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

  /**
   * A batch in one transaction: one inbox row per event id (one statement), then fn with the
   * contexts not processed before (the given objects, in their order; a repeated id once).
   * Returns those. fn is not called when every event was already processed.
   */
  async onceMany<C extends MessageContext>(ctxs: readonly C[], fn: (tx: EntityManager, fresh: C[]) => Promise<void>): Promise<C[]> {
    if (ctxs.length === 0) return [];
    // Inserted in event-id order, so two transactions with overlapping ids cannot deadlock.
    const sorted = [...ctxs].sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    return this.ds.transaction(async (tx) => {
      const rows: { event_id: string }[] = await tx.query(
        `INSERT INTO "${this.schema}".inbox (consumer, event_id, topic, partition, "offset")
         SELECT $1, e.event_id, e.topic, e.partition, e.offset
         FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) WITH ORDINALITY AS e(event_id, topic, partition, "offset", n)
         ORDER BY e.n
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.consumer, sorted.map((c) => c.eventId), sorted.map((c) => c.topic), sorted.map((c) => c.partition), sorted.map((c) => c.offset)],
      );
      const inserted = new Set(rows.map((r) => r.event_id));
      const fresh = ctxs.filter((c) => inserted.delete(c.eventId));
      if (fresh.length > 0) await fn(tx, fresh);
      return fresh;
    });
  }

  /** onceMany over items that carry their event's context (`ctx`): fn gets the fresh items, in their order; returns them. */
  async onceManyOf<T extends { ctx: MessageContext }>(items: readonly T[], fn: (tx: EntityManager, fresh: T[]) => Promise<void>): Promise<T[]> {
    const byCtx = new Map(items.map((item) => [item.ctx, item]));
    const fresh = await this.onceMany(
      items.map((item) => item.ctx),
      (tx, ctxs) => fn(tx, ctxs.map((c) => byCtx.get(c)!)),
    );
    return fresh.map((c) => byCtx.get(c)!);
  }
}
