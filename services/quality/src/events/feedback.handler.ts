import { Controller } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { AnnotatorChange, type AnnotatorEvent, type DecisionEvent, TOPICS } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopic } from '@verity/service-runtime';
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
@Controller()
export class FeedbackHandler {
  private readonly inbox: Inbox;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly apply: ApplyExpertFeedbackUseCase,
    private readonly logger: Logger,
  ) {
    this.inbox = runtime.inbox('quality.feedback');
  }

  @OnTopic(TOPICS.annotators, { group: 'feedback', consumer: { partitionsConsumedConcurrently: 3 } })
  async expertVerdict(@Payload() e: AnnotatorEvent, @Ctx() ctx: MessageContext): Promise<void> {
    if (!isExpertObservation(e)) return;
    let r: FeedbackResult | null = null;
    await this.inbox.once(ctx, async (tx) => {
      r = await this.apply.fromObservation(tx, e, ctx.eventId);
    });
    this.done('expert verdict', r, { annotatorId: e.annotatorId, requestId: e.expertObservation?.requestId });
  }

  @OnTopic(TOPICS.decisions, { group: 'feedback', consumer: { partitionsConsumedConcurrently: 3 } })
  async goldConfirmation(@Payload() d: DecisionEvent, @Ctx() ctx: MessageContext): Promise<void> {
    if (!isGoldConfirmation(d)) return;
    let r: FeedbackResult | null = null;
    await this.inbox.once(ctx, async (tx) => {
      r = await this.apply.fromGoldDecision(tx, d, ctx.eventId);
    });
    this.done('confirmed gold', r, { itemId: d.itemId, questionId: d.questionId, decisionId: d.decisionId });
  }

  private done(what: string, r: FeedbackResult | null, extra: Record<string, unknown>): void {
    if (r && r.published > 0) this.runtime.relay.kick();
    if (r) this.logger.info(`${what} applied`, { ...extra, judged: r.judged, published: r.published });
  }
}
