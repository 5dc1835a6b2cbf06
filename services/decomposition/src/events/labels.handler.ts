import { Injectable, OnModuleInit } from '@nestjs/common';
import { LabelEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { RecordLabelUseCase } from '../use-cases/record-label.use-case';

/**
 * Kafka edge for labels.v1: its own group (`decomposition.labels`, from the beginning: the
 * current labels are the whole history's latest versions), once per event id.
 */
@Injectable()
export class LabelsHandler implements OnModuleInit {
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly record: RecordLabelUseCase,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('decomposition.labels');
    this.runner = this.runtime
      .consumer({ groupSuffix: 'labels', fromBeginning: true })
      .subscribe(TOPICS.labels, async (event: LabelEvent, ctx) => {
        let created = 0;
        await inbox.once(ctx, async (tx) => {
          created = await this.record.execute(tx, event);
        });
        if (created > 0) this.runtime.relay.kick();
      });
  }
}
