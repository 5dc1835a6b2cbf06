import { EntityManager } from 'typeorm';
import { EventCodec, EventTopic, recordHeaders } from '@verity/messaging';
import { assertSchemaName } from './schema-name';

/**
 * Transactional outbox: `enqueue` writes the encoded record in the caller's transaction, so
 * "change state and announce it" commits or rolls back as one. The relay publishes it later.
 */
export class Outbox {
  private readonly schema: string;

  constructor(
    private readonly codec: EventCodec,
    schema: string,
  ) {
    this.schema = assertSchemaName(schema);
  }

  async enqueue<E>(tx: EntityManager, topic: EventTopic<E>, event: E, opts: { key?: string } = {}) {
    const headers = recordHeaders(this.codec, topic, event);
    await tx.query(
      `INSERT INTO "${this.schema}".outbox (topic, key, value, headers, event_id) VALUES ($1, $2, $3, $4, $5)`,
      [
        topic.name,
        opts.key ?? topic.keyOf(event),
        Buffer.from(this.codec.encode(topic, event)),
        JSON.stringify(headers),
        this.codec.eventId(event),
      ],
    );
  }
}
