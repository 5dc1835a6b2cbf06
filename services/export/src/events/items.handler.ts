import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ItemEvent, TOPICS } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { DATA_SOURCE, OnTopic } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { ItemContentsRepository } from '../db/item-contents.repository';

/**
 * Kafka edge: items.v1 → export.item_contents, so that labels.v1 can carry the item's content
 * reference (DecisionEvent does not), pointing at the masked copy; the original's reference is
 * kept apart, for raw releases; the masked text items.v1 carries inline (small texts have no S3
 * payload) is kept for releases exported with their texts. An upsert is idempotent: no inbox needed.
 */
@Controller()
export class ItemsHandler {
  constructor(
    private readonly items: ItemContentsRepository,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  @OnTopic(TOPICS.items, { group: 'items', consumer: { partitionsConsumedConcurrently: 3 } })
  async item(@Payload() e: ItemEvent): Promise<void> {
    if (!e.itemId || !e.content) throw new NonRetryableError('item event without item_id or content');
    await this.items.upsert(this.ds, e.itemId, {
      // The masked copy, whatever the producer put in content.payload (older ingestion named the original there).
      content: { ...e.content, payload: e.payloadRef },
      originalRef: e.originalRef,
      maskedText: e.maskedText,
      contentEventId: e.contentEventId,
      itemEventId: e.envelope?.eventId ?? '',
      correlationId: e.envelope?.correlationId ?? '',
    });
  }
}
