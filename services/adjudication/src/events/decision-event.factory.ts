import { clone, create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AdjudicationReason,
  AdjudicationTier,
  AggregationMethod,
  AggregationSchema,
  AnswerRecordSchema,
  AnswerSchema,
  AnswerSource,
  causedBy,
  createEvent,
  DecisionEventSchema,
  newEnvelope,
  TOPICS,
  uuidv7,
  type AdjudicationEvent,
  type Answer,
  type DecisionEvent,
  type Question,
  type WeakLabel,
} from '@verity/contracts';
import type { Tier } from '../domain/request-state.rule';
import { expertSoftLabel, type ValidVerdict } from '../domain/verdict.validator';

export const TIER: Record<Tier, AdjudicationTier> = {
  expert: AdjudicationTier.EXPERT,
  project_manager: AdjudicationTier.PROJECT_MANAGER,
};

export const verdictAnswer = (optionIds: string[]): Answer => create(AnswerSchema, { value: { case: 'choice', value: { optionIds } } });

export interface VerdictContext {
  request: AdjudicationEvent;
  question: Question;
  verdict: ValidVerdict;
  adjudicatorId: string;
  tier: Tier;
  decidedAt: Date;
  /** When the adjudicator claimed the request (for time spent), if they did. */
  claimedAt: Date | null;
  escalation: { by: string; note: string } | null;
  /** Production feedback (feedback.v1) known for the item and question. */
  weakLabels?: WeakLabel[];
}

/**
 * The DecisionEvent of a verdict: adjudicated, the verdict itself, and the provenance of every
 * answer behind it (the request's answers, the machine draft, and the adjudicator's own answer
 * as an EXPERT record). Not gold: a project manager confirms gold with a second decision.
 */
export function verdictDecision(c: VerdictContext): DecisionEvent {
  const req = c.request;
  const answer = verdictAnswer(c.verdict.optionIds);
  const expertRecord = create(AnswerRecordSchema, {
    annotationId: `adjudication:${req.requestId}`,
    annotatorId: c.adjudicatorId,
    source: AnswerSource.EXPERT,
    answer,
    submittedAt: timestampFromDate(c.decidedAt),
    timeSpentMs: BigInt(c.claimedAt ? Math.max(0, c.decidedAt.getTime() - new Date(c.claimedAt).getTime()) : 0),
    draftShown: req.machineDraft !== undefined,
  });
  const answers = [...req.answers];
  const draft = req.machineDraft;
  if (draft && draft.source === AnswerSource.MACHINE && !answers.some((a) => a.annotationId && a.annotationId === draft.annotationId)) {
    answers.push(draft);
  }
  answers.push(expertRecord);
  const parameters: Record<string, string> = {
    request_id: req.requestId,
    tier: c.tier,
    reasons: req.reasons.map((r) => AdjudicationReason[r] ?? String(r)).join(','),
    prior_method: req.aggregation ? (AggregationMethod[req.aggregation.method] ?? String(req.aggregation.method)) : '',
    proposed_label: req.proposedLabel,
    overrode_majority: c.verdict.overrode ?? '',
    soft_label: 'verdict confidence on the label, the rest spread evenly over the other options',
  };
  if (c.escalation) {
    parameters.escalated_by = c.escalation.by;
    parameters.escalation_note = c.escalation.note;
  }
  return createEvent(TOPICS.decisions, {
    envelope: newEnvelope({ producer: 'adjudication', projectId: req.envelope!.projectId, spec: TOPICS.decisions, ...causedBy(req.envelope!) }),
    decisionId: uuidv7(),
    taskId: req.taskId,
    itemId: req.itemId,
    questionId: req.questionId,
    ontologyVersion: req.ontologyVersion,
    label: c.verdict.label,
    answer,
    softLabel: expertSoftLabel(c.question, c.verdict),
    confidence: c.verdict.confidence,
    aggregation: { method: AggregationMethod.ADJUDICATION, parameters },
    agreement: req.agreement,
    adjudicated: true,
    verdict: {
      requestId: req.requestId,
      adjudicatorId: c.adjudicatorId,
      tier: TIER[c.tier],
      answer,
      confidence: c.verdict.confidence,
      note: c.verdict.note,
      goldCandidate: c.verdict.goldCandidate,
      decidedAt: timestampFromDate(c.decidedAt),
    },
    gold: false,
    answers,
    weakLabels: c.weakLabels ?? [],
    contentEventId: req.envelope!.correlationId || '',
    // The request's answers name the task's tasks.v1 event (the audit chain).
    taskEventId: req.answers.find((a) => a.taskEventId)?.taskEventId ?? '',
  });
}

/**
 * The gold confirmation: the verdict's decision again with gold = true, a new decision id and
 * who confirmed it. Export turns it into a new label version of the same (item, question).
 */
export function goldDecision(previous: DecisionEvent, request: AdjudicationEvent, confirmedBy: string, at: Date): DecisionEvent {
  const event = clone(DecisionEventSchema, previous);
  event.envelope = newEnvelope({ producer: 'adjudication', projectId: request.envelope!.projectId, spec: TOPICS.decisions, ...causedBy(request.envelope!) });
  event.decisionId = uuidv7();
  event.gold = true;
  event.aggregation = create(AggregationSchema, {
    method: AggregationMethod.ADJUDICATION,
    parameters: {
      ...(previous.aggregation?.parameters ?? {}),
      gold_confirmed_by: confirmedBy,
      gold_confirmed_at: at.toISOString(),
      supersedes_decision_id: previous.decisionId,
    },
  });
  return event;
}
