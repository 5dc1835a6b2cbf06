import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type AnnotationEvent, TOPICS } from '@verity/contracts';
import type { BatchRecord } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopicBatch } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import type { QualitySettings } from '../quality.settings';
import { RecordAnnotationBatchUseCase } from '../use-cases/record-annotation-batch.use-case';
import type { RecordResult } from '../use-cases/record-annotation.use-case';

/**
 * Kafka edge for annotations.v1 (group `quality`), in batches: one transaction per batch, each
 * event once (inbox), effects through the outbox. A batch that keeps failing is handled record by
 * record by the consumer runner, so a poison answer is dead-lettered alone.
 */
@Controller()
export class AnnotationsHandler {
  private readonly inbox: Inbox;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly batch: RecordAnnotationBatchUseCase,
    private readonly logger: Logger,
  ) {
    this.inbox = runtime.inbox('quality.annotations');
  }

  @OnTopicBatch(TOPICS.annotations, {
    consumer: (c: QualitySettings) => ({ partitionsConsumedConcurrently: c.QUALITY_CONCURRENCY, maxBatchRecords: c.QUALITY_BATCH_MAX_RECORDS }),
  })
  async annotationBatch(@Payload() records: BatchRecord<AnnotationEvent>[]): Promise<void> {
    let results: RecordResult[] = [];
    // Most answers decide nothing yet: the relay is kicked only when the batch announced something.
    const written = this.runtime.outbox.rowsWritten;
    const fresh = await this.inbox.onceManyOf(records, async (tx, batch) => {
      results = await this.batch.execute(tx, batch);
    });
    if (this.runtime.outbox.rowsWritten > written) this.runtime.relay.kick();
    this.logger.debug('annotations handled', { records: records.length, redelivered: records.length - fresh.length, results: countOf(results) });
  }
}

const countOf = (results: RecordResult[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of results) out[r] = (out[r] ?? 0) + 1;
  return out;
};
