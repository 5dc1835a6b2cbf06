import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { LabelEvent, TOPICS } from '@verity/contracts';
import type { BatchRecord } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopicBatch } from '@verity/service-runtime';
import { RetrainService } from '../use-cases/retrain.service';
import { RecordLabelUseCase } from '../use-cases/record-label.use-case';

/**
 * labels.v1 (own group `prelabel.labels`, from the beginning), in batches: the batch's labels are
 * stored in one transaction (each event once through the inbox, in offset order), then each
 * (project, question) they touched is checked for retraining once, not once per label. A batch
 * that keeps failing is handled record by record by the consumer runner.
 */
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

  @OnTopicBatch(TOPICS.labels, { group: 'labels', consumer: { fromBeginning: true } })
  async labels(@Payload() records: BatchRecord<LabelEvent>[]): Promise<void> {
    const touched = new Map<string, { projectId: string; questionId: string }>();
    await this.inbox.onceManyOf(records, async (tx, fresh) => {
      touched.clear(); // only what the committed attempt stored
      for (const r of fresh) {
        const out = await this.record.execute(tx, r.event, r.ctx.eventId);
        if (out.stored) touched.set(JSON.stringify([out.projectId, out.questionId]), out);
      }
    });
    // Retraining runs after the commit and off the consumer's critical path.
    for (const { projectId, questionId } of touched.values()) void this.retrain.maybeRetrain(projectId, questionId);
  }
}
