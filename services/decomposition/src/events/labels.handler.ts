import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { LabelEvent, TOPICS } from '@verity/contracts';
import type { BatchRecord } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopicBatch } from '@verity/service-runtime';
import { RecordLabelUseCase } from '../use-cases/record-label.use-case';

/**
 * Kafka edge for labels.v1: its own group (`decomposition.labels`, from the beginning: the
 * current labels are the whole history's latest versions), in batches: one transaction per batch,
 * each event once through the inbox, in offset order. labels.v1 is keyed by item, so concurrent
 * batches (other partitions, other replicas) never write the same label row. A batch that keeps
 * failing is handled record by record by the consumer runner.
 */
@Controller()
export class LabelsHandler {
  private readonly inbox: Inbox;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly record: RecordLabelUseCase,
  ) {
    this.inbox = runtime.inbox('decomposition.labels');
  }

  @OnTopicBatch(TOPICS.labels, { group: 'labels', consumer: { fromBeginning: true } })
  async labels(@Payload() records: BatchRecord<LabelEvent>[]): Promise<void> {
    let created = 0;
    await this.inbox.onceManyOf(records, async (tx, fresh) => {
      created = 0; // only what the committed attempt created
      for (const r of fresh) created += await this.record.execute(tx, r.event);
    });
    if (created > 0) this.runtime.relay.kick();
  }
}
