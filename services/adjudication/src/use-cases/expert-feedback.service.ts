import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AnnotatorChange,
  AnswerSource,
  causedBy,
  createEvent,
  newEnvelope,
  TOPICS,
  type AdjudicationEvent,
  type DecisionEvent,
} from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { ADJUDICATION_CONFIG, type AdjudicationConfig } from '../adjudication.settings';
import { TIER } from '../events/decision-event.factory';
import type { Tier } from '../domain/request-state.rule';
import { answerKey, foldObservation } from '../domain/verdict.validator';
import { AnnotatorStandingRepository } from '../db/annotator-standing.repository';

/**
 * Expert verdicts feed back into annotator reliability: for every human answer of the request,
 * one AnnotatorEvent (change EXPERT_VERDICT) on annotators.v1, in the verdict's transaction,
 * carrying the observation (agreed or not), the running expert-agreement accuracy
 * (gold_accuracy / gold_scored) and adjudication's provisional reliability
 *   r' = (r·k + [agreed]) / (k + 1),  r = quality's latest reliability, else the answer's.
 * quality owns reliability: it folds the observation into its known-truth evidence and
 * publishes the authoritative RELIABILITY_UPDATED / SUSPENDED events.
 */
@Injectable()
export class ExpertFeedbackService {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly standing: AnnotatorStandingRepository,
    @Inject(ADJUDICATION_CONFIG) private readonly config: AdjudicationConfig,
  ) {}

  async record(tx: EntityManager, request: AdjudicationEvent, decision: DecisionEvent, adjudicatorId: string, tier: Tier): Promise<number> {
    const projectId = request.envelope!.projectId;
    const verdictKey = answerKey(decision.answer);
    const judged = request.answers.filter((a) => a.source !== AnswerSource.MACHINE && a.annotatorId && answerKey(a.answer) !== null);
    if (verdictKey === null || judged.length === 0) return 0;
    const standing = await this.standing.getForUpdate(tx, projectId, [...new Set(judged.map((a) => a.annotatorId))]);
    const running = new Map<string, number>();
    let published = 0;
    for (const a of judged) {
      const s = standing.get(a.annotatorId);
      const previous = running.get(a.annotatorId) ?? s?.reliability ?? a.reliability ?? this.config.ADJUDICATION_DEFAULT_RELIABILITY;
      const agreed = answerKey(a.answer) === verdictKey;
      const reliability = foldObservation(previous, agreed, this.config.ADJUDICATION_FEEDBACK_PRIOR_WEIGHT);
      running.set(a.annotatorId, reliability);
      const envelope = newEnvelope({ producer: 'adjudication', projectId, spec: TOPICS.annotators, ...causedBy(request.envelope!) });
      const counts = await this.standing.recordObservation(tx, projectId, {
        requestId: request.requestId,
        annotationId: a.annotationId || `${request.requestId}:${a.annotatorId}`,
        annotatorId: a.annotatorId,
        agreed,
        previousReliability: previous,
        reliability,
        eventId: envelope.eventId,
      });
      const event = createEvent(TOPICS.annotators, {
        envelope,
        annotatorId: a.annotatorId,
        change: AnnotatorChange.EXPERT_VERDICT,
        reliability,
        previousReliability: previous,
        goldAccuracy: counts.expertAgreed / counts.expertScored,
        goldScored: counts.expertScored,
        answersCounted: counts.expertScored,
        suspended: s?.suspended ?? false,
        reason: `expert verdict ${verdictKey}; answered ${answerKey(a.answer)}: ${agreed ? 'agreed' : 'disagreed'}`,
        triggerEventId: decision.envelope!.eventId,
        expertObservation: {
          requestId: request.requestId,
          decisionId: decision.decisionId,
          annotationId: a.annotationId,
          itemId: request.itemId,
          questionId: request.questionId,
          ontologyVersion: request.ontologyVersion,
          agreed,
          answer: a.answer,
          verdict: decision.answer,
          tier: TIER[tier],
          adjudicatorId,
          answerReliability: a.reliability,
        },
      });
      await this.runtime.outbox.enqueue(tx, TOPICS.annotators, event);
      published++;
    }
    return published;
  }
}
