import { toJson } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  AggregationMethod,
  AggregationSchema,
  AnswerSchema,
  AnswerSource,
  ContentReferenceSchema,
  ContentType,
  GuidelinesSchema,
  ObjectRefSchema,
  QuestionKind,
  QuestionSchema,
  type AdjudicationEvent,
  type AnswerRecord,
  type Question,
} from '@verity/contracts';
import { isClaimLive } from '../domain/queue-policy';
import { answerKey, majorityKey } from '../domain/verdict-validation';
import type { OntologyCopy } from '../projects/project-copy.repository';
import type { RequestRow } from '../requests/request.repository';
import type { VerdictRow } from '../requests/verdict.repository';
import { requestFromJson } from '../shared/proto-json';

/** The question of a request: the snapshot it carries, else the one of its ontology version. */
export function resolveQuestion(ev: AdjudicationEvent, ontology: OntologyCopy | null): Question | null {
  if (ev.question?.questionId) return ev.question;
  return ontology?.questions.find((q) => q.questionId === ev.questionId) ?? null;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

function answerView(a: AnswerRecord) {
  return {
    annotationId: a.annotationId,
    annotatorId: a.annotatorId,
    source: AnswerSource[a.source] ?? String(a.source),
    label: answerKey(a.answer),
    answer: a.answer ? toJson(AnswerSchema, a.answer) : null,
    reliability: a.reliability ?? null,
    weight: a.weight ?? null,
    submittedAt: a.submittedAt ? timestampDate(a.submittedAt).toISOString() : null,
    timeSpentMs: Number(a.timeSpentMs),
    draftShown: a.draftShown,
    model: a.model ? { modelId: a.model.modelId, promptVersion: a.model.promptVersion, confidence: a.model.confidence ?? null } : null,
  };
}

/** Short form for queue listings. */
export function queueEntryView(r: RequestRow, now: Date) {
  const live = isClaimLive(r, now);
  return {
    requestId: r.requestId,
    itemId: r.itemId,
    taskId: r.taskId,
    questionId: r.questionId,
    ontologyVersion: r.ontologyVersion,
    state: r.state,
    reasons: r.reasons,
    priority: r.priority,
    detail: r.detail,
    requestedAt: iso(r.requestedAt),
    claimedBy: live ? r.claimedBy : null,
    leaseExpiresAt: live ? iso(r.leaseExpiresAt) : null,
    escalation: r.escalatedAt ? { by: r.escalatedBy, at: iso(r.escalatedAt), note: r.escalationNote } : null,
    decidedAt: iso(r.decidedAt),
  };
}

/** Everything an adjudicator needs to decide: content, guidelines, question, answers, draft, reasons. */
export function requestView(r: RequestRow, ontology: OntologyCopy | null, verdict: VerdictRow | null, now: Date) {
  const ev = requestFromJson(r.event);
  const question = resolveQuestion(ev, ontology);
  const humans = ev.answers.filter((a) => a.source !== AnswerSource.MACHINE);
  const aggregation = ev.aggregation
    ? { ...(toJson(AggregationSchema, ev.aggregation) as object), method: AggregationMethod[ev.aggregation.method] ?? null }
    : null;
  return {
    ...queueEntryView(r, now),
    content: {
      contentType: ev.content ? ContentType[ev.content.contentType] : null,
      maskedText: ev.maskedText ?? null,
      payloadRef: ev.payloadRef ? toJson(ObjectRefSchema, ev.payloadRef) : null,
      reference: ev.content ? toJson(ContentReferenceSchema, ev.content) : null,
    },
    question: question ? { ...(toJson(QuestionSchema, question) as object), kind: QuestionKind[question.kind] } : null,
    guidelines: ontology ? toJson(GuidelinesSchema, ontology.guidelines) : null,
    answers: ev.answers.map(answerView),
    majority: majorityKey(humans.map((a) => a.answer)),
    machineDraft: ev.machineDraft ? answerView(ev.machineDraft) : null,
    proposedLabel: ev.proposedLabel || null,
    posterior: ev.posterior,
    agreement: ev.agreement ? { pairwise: ev.agreement.pairwise ?? null, answerCount: ev.agreement.answerCount } : null,
    aggregation,
    thresholds: { agreement: ev.agreementThreshold, posterior: ev.posteriorThreshold },
    expectedAnswer: ev.expectedAnswer ? toJson(AnswerSchema, ev.expectedAnswer) : null,
    verdict: verdict
      ? {
          decisionId: verdict.decisionId,
          adjudicatorId: verdict.adjudicatorId,
          tier: verdict.tier,
          label: verdict.label,
          answer: verdict.answer,
          confidence: verdict.confidence,
          note: verdict.note,
          goldCandidate: verdict.goldCandidate,
          overrodeMajority: verdict.overrodeMajority,
          decidedAt: iso(verdict.decidedAt),
          gold: verdict.goldConfirmedAt ? { confirmedBy: verdict.goldConfirmedBy, confirmedAt: iso(verdict.goldConfirmedAt), decisionId: verdict.goldDecisionId } : null,
        }
      : null,
  };
}
