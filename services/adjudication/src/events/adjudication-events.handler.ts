import { Controller, Inject } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { type AdjudicationEvent, type AnnotatorEvent, type ItemEvent, TOPICS } from '@verity/contracts';
import { type MessageContext, NonRetryableError } from '@verity/messaging';
import { DATA_SOURCE, EventRuntime, OnTopic } from '@verity/service-runtime';
import type { Inbox } from '@verity/persistence';
import { DataSource } from 'typeorm';
import { ApplyAnnotatorEventUseCase } from '../use-cases/apply-annotator-event.use-case';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { ReceiveRequestUseCase } from '../use-cases/receive-request.use-case';

/**
 * The Kafka side of the service (kept apart from the HTTP controllers). Groups: `adjudication`
 * (requests), `adjudication.control` (annotators), `adjudication.items` (items.v1); project
 * snapshots and erasures come through service-runtime's shared consumers.
 * Every handler is idempotent: through the inbox (its writes and the inbox row commit together),
 * or, for items, by being an upsert.
 */
@Controller()
export class AdjudicationEventsHandler {
  private readonly inbox: Inbox;

  constructor(
    runtime: EventRuntime,
    private readonly requests: ReceiveRequestUseCase,
    private readonly annotators: ApplyAnnotatorEventUseCase,
    private readonly items: ItemContentsRepository,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {
    this.inbox = runtime.inbox();
  }

  @OnTopic(TOPICS.adjudications, { consumer: { partitionsConsumedConcurrently: 2 } })
  async request(@Payload() ev: AdjudicationEvent, @Ctx() ctx: MessageContext): Promise<void> {
    await this.inbox.once(ctx, (tx) => this.requests.execute(tx, ev).then(() => undefined));
  }

  /** Annotator changes on their own group, so a backlog of requests never delays them. */
  @OnTopic(TOPICS.annotators, { group: 'control', consumer: { partitionsConsumedConcurrently: 2 } })
  async annotator(@Payload() ev: AnnotatorEvent, @Ctx() ctx: MessageContext): Promise<void> {
    await this.inbox.once(ctx, (tx) => this.annotators.execute(tx, ev).then(() => undefined));
  }

  /**
   * items.v1 → item_contents (the content the expert reads), on its own group: the topic is busy
   * (every item of every project) and must never delay requests or control events. An idempotent
   * upsert, so no inbox row per item.
   */
  @OnTopic(TOPICS.items, { group: 'items', consumer: { partitionsConsumedConcurrently: 3 } })
  async item(@Payload() ev: ItemEvent): Promise<void> {
    if (!ev.itemId) throw new NonRetryableError('ItemEvent without item_id');
    await this.items.upsert(this.ds, ev);
  }
}
