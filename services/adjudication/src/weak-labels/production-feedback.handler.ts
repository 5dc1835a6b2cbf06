import { Injectable, OnModuleInit } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { missingFeedbackField, TOPICS, type FeedbackEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { WeakLabelsRepository } from './weak-labels.repository';

/**
 * Kafka edge for production feedback (feedback.v1, group `adjudication.production-feedback`):
 * each event becomes a weak label of its item and question, carried by the decisions of verdicts
 * on that item and question. An event missing a field is dead-lettered with the field's name;
 * one without item_id cannot be matched to a request here and is skipped.
 */
@Injectable()
export class ProductionFeedbackHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly weakLabels: WeakLabelsRepository,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('adjudication.production-feedback');
    this.runtime.consumer({ groupSuffix: 'production-feedback' }).subscribe(TOPICS.feedback, async (ev: FeedbackEvent, ctx) => {
      const missing = missingFeedbackField(ev);
      if (missing) throw new NonRetryableError(`feedback ${ev.feedbackId || '(no feedback_id)'}: ${missing}`);
      if (!ev.itemId) return;
      await inbox.once(ctx, async (tx) => {
        await this.weakLabels.insert(tx, {
          feedbackId: ev.feedbackId,
          eventId: ctx.eventId,
          projectId: ev.envelope?.projectId || null,
          itemId: ev.itemId!,
          questionId: ev.questionId,
          feedbackSource: ev.feedbackSource,
          sourceDetail: ev.sourceDetail,
          actorId: ev.actorId,
          answer: ev.answer!,
          confidence: ev.confidence ?? null,
          observedAt: ev.observedAt ? timestampDate(ev.observedAt) : null,
        });
      });
    });
  }
}
