import { Injectable, OnModuleInit } from '@nestjs/common';
import { ItemEvent, TOPICS } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { DATA_SOURCE, EventRuntime } from '@verity/service-runtime';
import { Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ItemContentsRepository } from '../db/item-contents.repository';

/**
 * Kafka edge: items.v1 → export.item_contents, so that labels.v1 can carry the item's content
 * reference (DecisionEvent does not), pointing at the masked copy; the original's reference is
 * kept apart, for raw releases. An upsert is idempotent: no inbox needed.
 */
@Injectable()
export class ItemsHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly items: ItemContentsRepository,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.runtime.consumer({ groupSuffix: 'items', partitionsConsumedConcurrently: 3 }).subscribe(TOPICS.items, (e: ItemEvent) => this.handle(e));
  }

  private async handle(e: ItemEvent): Promise<void> {
    if (!e.itemId || !e.content) throw new NonRetryableError('item event without item_id or content');
    await this.items.upsert(this.ds, e.itemId, {
      // The masked copy, whatever the producer put in content.payload (older ingestion named the original there).
      content: { ...e.content, payload: e.payloadRef },
      originalRef: e.originalRef,
      contentEventId: e.contentEventId,
      itemEventId: e.envelope?.eventId ?? '',
      correlationId: e.envelope?.correlationId ?? '',
    });
  }
}
