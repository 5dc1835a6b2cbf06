import { Injectable, OnModuleInit } from '@nestjs/common';
import { FeedbackEvent, PredictionEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { RecordPredictionUseCase } from '../use-cases/record-prediction.use-case';
import { RecordFeedbackUseCase } from '../use-cases/record-feedback.use-case';

/** Production signals (own group `prelabel.signals`): feedback.v1 weak labels and predictions.v1 for active learning. */
@Injectable()
export class SignalsHandler implements OnModuleInit {
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly feedback: RecordFeedbackUseCase,
    private readonly predictions: RecordPredictionUseCase,
  ) {}

  onModuleInit(): void {
    const fb = this.runtime.inbox('prelabel.feedback');
    const pr = this.runtime.inbox('prelabel.predictions');
    this.runner = this.runtime
      .consumer({ groupSuffix: 'signals' })
      .subscribe(TOPICS.feedback, async (event: FeedbackEvent, ctx) => {
        let out = '';
        await fb.once(ctx, async (tx) => {
          out = await this.feedback.execute(tx, event, ctx.eventId);
        });
        if (out === 'sent_to_humans') this.runtime.relay.kick();
      })
      .subscribe(TOPICS.predictions, async (event: PredictionEvent, ctx) => {
        await pr.once(ctx, async (tx) => {
          await this.predictions.execute(tx, event);
        });
      });
  }
}
