import { Controller } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { FeedbackEvent, PredictionEvent, TOPICS } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopic } from '@verity/service-runtime';
import { RecordPredictionUseCase } from '../use-cases/record-prediction.use-case';
import { RecordFeedbackUseCase } from '../use-cases/record-feedback.use-case';

/** Production signals (own group `prelabel.signals`): feedback.v1 weak labels and predictions.v1 for active learning. */
@Controller()
export class SignalsHandler {
  private readonly feedbackInbox: Inbox;
  private readonly predictionInbox: Inbox;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly feedback: RecordFeedbackUseCase,
    private readonly predictions: RecordPredictionUseCase,
  ) {
    this.feedbackInbox = runtime.inbox('prelabel.feedback');
    this.predictionInbox = runtime.inbox('prelabel.predictions');
  }

  @OnTopic(TOPICS.feedback, { group: 'signals' })
  async feedbackEvent(@Payload() event: FeedbackEvent, @Ctx() ctx: MessageContext): Promise<void> {
    let out = '';
    await this.feedbackInbox.once(ctx, async (tx) => {
      out = await this.feedback.execute(tx, event, ctx.eventId);
    });
    if (out === 'sent_to_humans') this.runtime.relay.kick();
  }

  @OnTopic(TOPICS.predictions, { group: 'signals' })
  async prediction(@Payload() event: PredictionEvent, @Ctx() ctx: MessageContext): Promise<void> {
    await this.predictionInbox.once(ctx, async (tx) => {
      await this.predictions.execute(tx, event);
    });
  }
}
