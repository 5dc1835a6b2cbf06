import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { DATA_SOURCE, EventRuntime } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { ApplyAnnotatorEventUseCase } from '../use-cases/apply-annotator-event.use-case';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { ReceiveRequestUseCase } from '../use-cases/receive-request.use-case';

/**
 * The Kafka side of the service (kept apart from the HTTP controllers). Groups: `adjudication`
 * (requests), `adjudication.control` (annotators), `adjudication.items` (items.v1); project
 * snapshots come through service-runtime's shared `adjudication.projects` consumer.
 * Every handler is idempotent: through the inbox (its writes and the inbox row commit together),
 * or, for items, by being an upsert.
 */
@Injectable()
export class AdjudicationEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly requests: ReceiveRequestUseCase,
    private readonly annotators: ApplyAnnotatorEventUseCase,
    private readonly items: ItemContentsRepository,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox();
    // Annotator changes on their own group, so a backlog of requests never delays them.
    const control = this.runtime.consumer({ groupSuffix: 'control', partitionsConsumedConcurrently: 2 });
    const consumer = this.runtime.consumer({ partitionsConsumedConcurrently: 2 });
    consumer.subscribe(TOPICS.adjudications, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.requests.execute(tx, ev).then(() => undefined));
    });
    control.subscribe(TOPICS.annotators, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.annotators.execute(tx, ev).then(() => undefined));
    });
    // items.v1 → item_contents (the content the expert reads), on its own group: the topic is
    // busy (every item of every project) and must never delay requests or control events. An
    // idempotent upsert, so no inbox row per item.
    const items = this.runtime.consumer({ groupSuffix: 'items', partitionsConsumedConcurrently: 3 });
    items.subscribe(TOPICS.items, async (ev) => {
      if (!ev.itemId) throw new NonRetryableError('ItemEvent without item_id');
      await this.items.upsert(this.ds, ev);
    });
  }
}
