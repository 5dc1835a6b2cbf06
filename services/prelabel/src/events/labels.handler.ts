import { Controller } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { LabelEvent, TOPICS } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopic } from '@verity/service-runtime';
import { RetrainService } from '../use-cases/retrain.service';
import { RecordLabelUseCase, type LabelOutcome } from '../use-cases/record-label.use-case';

/** labels.v1 (own group `prelabel.labels`, from the beginning): store, then retrain when enough new labels arrived. */
@Controller()
export class LabelsHandler {
  private readonly inbox: Inbox;

  constructor(
    runtime: EventRuntime,
    private readonly record: RecordLabelUseCase,
    private readonly retrain: RetrainService,
  ) {
    this.inbox = runtime.inbox('prelabel.labels');
  }

  @OnTopic(TOPICS.labels, { group: 'labels', consumer: { fromBeginning: true } })
  async label(@Payload() event: LabelEvent, @Ctx() ctx: MessageContext): Promise<void> {
    let out: LabelOutcome | undefined;
    await this.inbox.once(ctx, async (tx) => {
      out = await this.record.execute(tx, event, ctx.eventId);
    });
    // Retraining runs after the commit and off the consumer's critical path.
    if (out?.stored) void this.retrain.maybeRetrain(out.projectId, out.questionId);
  }
}
