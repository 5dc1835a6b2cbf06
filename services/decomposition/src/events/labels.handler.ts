import { Controller } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { LabelEvent, TOPICS } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopic } from '@verity/service-runtime';
import { RecordLabelUseCase } from '../use-cases/record-label.use-case';

/**
 * Kafka edge for labels.v1: its own group (`decomposition.labels`, from the beginning: the
 * current labels are the whole history's latest versions), once per event id.
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

  @OnTopic(TOPICS.labels, { group: 'labels', consumer: { fromBeginning: true } })
  async label(@Payload() event: LabelEvent, @Ctx() ctx: MessageContext): Promise<void> {
    let created = 0;
    await this.inbox.once(ctx, async (tx) => {
      created = await this.record.execute(tx, event);
    });
    if (created > 0) this.runtime.relay.kick();
  }
}
