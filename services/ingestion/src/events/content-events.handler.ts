import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ContentEvent, TOPICS } from '@verity/contracts';
import type { BatchRecord } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopicBatch } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import type { IngestionSettings } from '../ingestion.settings';
import { IngestContentUseCase } from '../use-cases/ingest-content.use-case';

/** Kafka edge of ingestion: content.v1 → IngestContentUseCase, in batches, once per event id. */
@Controller()
export class ContentEventsHandler {
  private readonly inbox: Inbox;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly ingest: IngestContentUseCase,
    private readonly logger: Logger,
  ) {
    this.inbox = runtime.inbox('ingestion.content');
  }

  /**
   * A batch: prepared outside the transaction (analysis, S3), then recorded in one inbox
   * transaction. A batch that keeps failing is handled record by record by the consumer runner,
   * so an invalid content event is dead-lettered alone.
   */
  @OnTopicBatch(TOPICS.content, { consumer: (c: IngestionSettings) => ({ partitionsConsumedConcurrently: c.INGESTION_CONCURRENCY }) })
  async contentBatch(@Payload() records: BatchRecord<ContentEvent>[]): Promise<void> {
    const prepared = await this.ingest.prepareMany(records.map((r) => r.event));
    let created = 0;
    await this.inbox.onceManyOf(
      records.map((r, i) => ({ ctx: r.ctx, prepared: prepared[i]! })),
      async (tx, fresh) => {
        this.runtime.outbox.defer(tx);
        const outcomes = await this.ingest.recordMany(tx, fresh.map((f) => f.prepared));
        await this.runtime.outbox.flush(tx);
        created = outcomes.filter((o) => o.result === 'created').length;
        const duplicates = outcomes.length - created;
        if (duplicates > 0) this.logger.debug('duplicate content', { duplicates, records: records.length });
      },
    );
    if (created > 0) this.runtime.relay.kick();
  }
}
