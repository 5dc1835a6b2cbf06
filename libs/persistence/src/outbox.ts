import { EntityManager } from 'typeorm';
import { EventCodec, EventTopic, recordHeaders } from '@verity/messaging';
import { assertSchemaName } from './schema-name';

interface OutboxRow {
  topic: string;
  key: string;
  value: Buffer;
  headers: string;
  eventId: string;
}

/**
 * Transactional outbox: `enqueue` writes the encoded record in the caller's transaction, so
 * "change state and announce it" commits or rolls back as one. The relay publishes it later.
 *
 * A transaction that announces many events (a batch) can `defer` its writes: enqueued records
 * (headers, with the trace context, taken at enqueue time) are kept in memory and written in one
 * statement, in enqueue order, by `flush` before the commit. Nothing reads the outbox inside the
 * writing transaction, and the relay sees rows only once committed, so the effect is the same.
 */
export class Outbox {
  private readonly schema: string;
  private readonly deferred = new WeakMap<EntityManager, OutboxRow[]>();
  private written = 0;

  constructor(
    private readonly codec: EventCodec,
    schema: string,
  ) {
    this.schema = assertSchemaName(schema);
  }

  async enqueue<E>(tx: EntityManager, topic: EventTopic<E>, event: E, opts: { key?: string } = {}) {
    const row = this.rowOf(topic, event, opts.key);
    const deferred = this.deferred.get(tx);
    if (deferred) deferred.push(row);
    else await this.insert(tx, [row]);
  }

  /** Several events of one topic in one statement (in their order). */
  async enqueueMany<E>(tx: EntityManager, topic: EventTopic<E>, events: readonly E[], opts: { key?: string } = {}) {
    const rows = events.map((e) => this.rowOf(topic, e, opts.key));
    const deferred = this.deferred.get(tx);
    if (deferred) deferred.push(...rows);
    else await this.insert(tx, rows);
  }

  /**
   * Rows this process has written into the outbox so far, committed or not. A handler whose
   * transaction may or may not announce anything compares it before and after, and kicks the
   * relay only when it grew (concurrent handlers' rows can make it kick for nothing, never miss).
   */
  get rowsWritten(): number {
    return this.written;
  }

  /** Keeps this transaction's enqueued records in memory until `flush`. */
  defer(tx: EntityManager): void {
    if (!this.deferred.has(tx)) this.deferred.set(tx, []);
  }

  /** Writes the deferred records (one statement) and stops deferring; call it before the commit. */
  async flush(tx: EntityManager): Promise<void> {
    const rows = this.deferred.get(tx);
    this.deferred.delete(tx);
    if (rows) await this.insert(tx, rows);
  }

  private rowOf<E>(topic: EventTopic<E>, event: E, key?: string): OutboxRow {
    const headers = JSON.stringify(recordHeaders(this.codec, topic, event)); // before encoding: it stamps the envelope's traceparent
    return {
      topic: topic.name,
      key: key ?? topic.keyOf(event),
      value: Buffer.from(this.codec.encode(topic, event)),
      headers,
      eventId: this.codec.eventId(event),
    };
  }

  private async insert(tx: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.written += rows.length;
    if (rows.length === 1) {
      const [r] = rows;
      await tx.query(`INSERT INTO "${this.schema}".outbox (topic, key, value, headers, event_id) VALUES ($1, $2, $3, $4, $5)`, [
        r.topic,
        r.key,
        r.value,
        r.headers,
        r.eventId,
      ]);
      return;
    }
    // Ids (the relay's publishing order) follow the given order.
    await tx.query(
      `INSERT INTO "${this.schema}".outbox (topic, key, value, headers, event_id)
       SELECT r.topic, r.key, r.value, r.headers::jsonb, r.event_id
       FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[], $5::text[]) WITH ORDINALITY AS r(topic, key, value, headers, event_id, n)
       ORDER BY r.n`,
      [rows.map((r) => r.topic), rows.map((r) => r.key), rows.map((r) => r.value), rows.map((r) => r.headers), rows.map((r) => r.eventId)],
    );
  }
}
