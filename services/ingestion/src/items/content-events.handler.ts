import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ContentEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner, MessageContext } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { INGESTION_SETTINGS } from '../ingestion.tokens';
import type { IngestionSettings } from '../ingestion.settings';
import { IngestContentUseCase } from './ingest-content.use-case';

/** Kafka edge of ingestion: content.v1 → IngestContentUseCase, once per event id. */
@Injectable()
export class ContentEventsHandler implements OnModuleInit {
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly ingest: IngestContentUseCase,
    private readonly logger: Logger,
    @Inject(INGESTION_SETTINGS) private readonly settings: Pick<IngestionSettings, 'INGESTION_CONCURRENCY'>,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('ingestion.content');
    this.runner = this.runtime
      .consumer({ partitionsConsumedConcurrently: this.settings.INGESTION_CONCURRENCY })
      .subscribe(TOPICS.content, (event: ContentEvent, ctx: MessageContext) => this.handle(event, ctx, inbox));
  }

  private async handle(event: ContentEvent, ctx: MessageContext, inbox: ReturnType<EventRuntime['inbox']>) {
    const prepared = await this.ingest.prepare(event);
    let created = false as boolean;
    await inbox.once(ctx, async (tx) => {
      const outcome = await this.ingest.record(tx, prepared);
      created = outcome.result === 'created';
      if (outcome.result === 'duplicate') {
        this.logger.debug('duplicate content', { eventId: ctx.eventId, itemId: outcome.itemId });
      }
    });
    if (created) this.runtime.relay.kick();
  }
}
