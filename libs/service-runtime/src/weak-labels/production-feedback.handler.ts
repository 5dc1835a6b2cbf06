import { Controller, Inject } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { missingFeedbackField, TOPICS, type FeedbackEvent } from '@verity/contracts';
import { type MessageContext, NonRetryableError } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime } from '../event-runtime';
import { OnTopic } from '../events/topic-handler.decorator';
import { Logger } from '@verity/telemetry';
import { WEAK_LABELS_SCHEMA, WeakLabelsRepository } from './weak-labels.repository';

/**
 * Kafka edge for production feedback (feedback.v1, group `<service>.production-feedback`, apart
 * from the service's other consumers): each event becomes a weak label of its item and question,
 * which every later decision of that item and question carries in `weak_labels`. An event
 * missing a field is dead-lettered with the field's name; one without item_id cannot be matched
 * to a task or request (services downstream of ingestion never see source ids) and is skipped.
 */
@Controller()
export class ProductionFeedbackHandler {
  private readonly inbox: Inbox;

  constructor(
    runtime: EventRuntime,
    private readonly weakLabels: WeakLabelsRepository,
    private readonly logger: Logger,
    @Inject(WEAK_LABELS_SCHEMA) schema: string,
  ) {
    this.inbox = runtime.inbox(`${schema}.production-feedback`);
  }

  @OnTopic(TOPICS.feedback, { group: 'production-feedback' })
  async feedback(@Payload() ev: FeedbackEvent, @Ctx() ctx: MessageContext): Promise<void> {
    const missing = missingFeedbackField(ev);
    if (missing) throw new NonRetryableError(`feedback ${ev.feedbackId || '(no feedback_id)'}: ${missing}`);
    if (!ev.itemId) {
      this.logger.info('feedback without item_id skipped', { feedbackId: ev.feedbackId, source: ev.source, sourceId: ev.sourceId });
      return;
    }
    await this.inbox.once(ctx, async (tx) => {
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
  }
}
