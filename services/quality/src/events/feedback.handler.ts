import { Injectable, OnModuleInit } from '@nestjs/common';
import { AnnotatorChange, type AnnotatorEvent, type DecisionEvent, TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { ApplyExpertFeedbackUseCase, type FeedbackResult } from '../use-cases/apply-expert-feedback.use-case';

/** Only adjudication's expert observations; quality's own reliability events are never input. */
export const isExpertObservation = (e: AnnotatorEvent): boolean =>
  e.change === AnnotatorChange.EXPERT_VERDICT && e.envelope?.producer !== 'quality' && e.expertObservation !== undefined;

/** Only confirmed gold from another producer (adjudication); quality's own decisions are never gold. */
export const isGoldConfirmation = (d: DecisionEvent): boolean => d.gold && d.envelope?.producer !== 'quality';

/**
 * Kafka edge for expert feedback: annotators.v1 (EXPERT_VERDICT) and decisions.v1 (gold=true),
 * in group `quality.feedback`, apart from annotations (group `quality`), so a backlog of answers
 * never delays feedback. Everything else on those topics is skipped before the inbox (no row).
 */
@Injectable()
export class FeedbackHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly apply: ApplyExpertFeedbackUseCase,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('quality.feedback');
    const consumer = this.runtime.consumer({ groupSuffix: 'feedback', partitionsConsumedConcurrently: 3 });
    const done = (what: string, r: FeedbackResult | null, extra: Record<string, unknown>) => {
      if (r && r.published > 0) this.runtime.relay.kick();
      if (r) this.logger.info(`${what} applied`, { ...extra, judged: r.judged, published: r.published });
    };
    consumer.subscribe(TOPICS.annotators, async (e: AnnotatorEvent, ctx) => {
      if (!isExpertObservation(e)) return;
      let r: FeedbackResult | null = null;
      await inbox.once(ctx, async (tx) => {
        r = await this.apply.fromObservation(tx, e, ctx.eventId);
      });
      done('expert verdict', r, { annotatorId: e.annotatorId, requestId: e.expertObservation?.requestId });
    });
    consumer.subscribe(TOPICS.decisions, async (d: DecisionEvent, ctx) => {
      if (!isGoldConfirmation(d)) return;
      let r: FeedbackResult | null = null;
      await inbox.once(ctx, async (tx) => {
        r = await this.apply.fromGoldDecision(tx, d, ctx.eventId);
      });
      done('confirmed gold', r, { itemId: d.itemId, questionId: d.questionId, decisionId: d.decisionId });
    });
  }
}
