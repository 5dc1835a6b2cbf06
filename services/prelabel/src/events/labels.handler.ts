import { Injectable, OnModuleInit } from '@nestjs/common';
import { LabelEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { RetrainService } from '../use-cases/retrain.service';
import { RecordLabelUseCase, type LabelOutcome } from '../use-cases/record-label.use-case';

/** labels.v1 (own group `prelabel.labels`, from the beginning): store, then retrain when enough new labels arrived. */
@Injectable()
export class LabelsHandler implements OnModuleInit {
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly record: RecordLabelUseCase,
    private readonly retrain: RetrainService,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('prelabel.labels');
    this.runner = this.runtime
      .consumer({ groupSuffix: 'labels', fromBeginning: true })
      .subscribe(TOPICS.labels, async (event: LabelEvent, ctx) => {
        let out: LabelOutcome | undefined;
        await inbox.once(ctx, async (tx) => {
          out = await this.record.execute(tx, event, ctx.eventId);
        });
        // Retraining runs after the commit and off the consumer's critical path.
        if (out?.stored) void this.retrain.maybeRetrain(out.projectId, out.questionId);
      });
  }
}
