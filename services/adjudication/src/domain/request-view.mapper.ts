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
import { servedMediaType } from '@verity/storage';
import { isClaimLive } from './queue.policy';
import { answerKey, majorityKey } from './verdict.validator';
import type { ItemContentRow } from '../db/item-contents.repository';
import type { OntologyCopy } from '../db/project-copy.repository';
import type { RequestRow } from '../db/request.repository';
import type { VerdictRow } from '../db/verdict.repository';
import { requestFromJson } from './proto-json.mapper';

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

/** A payload reference in protobuf JSON (ObjectRef: bucket, key, sha256, sizeBytes, mediaType). */
export type PayloadRefJson = Record<string, unknown>;

/** The request's payload: the one it carries, else adjudication's copy of items.v1; null when none. */
export function requestPayload(ev: AdjudicationEvent, item: ItemContentRow | null): PayloadRefJson | null {
  if (ev.payloadRef) return toJson(ObjectRefSchema, ev.payloadRef) as PayloadRefJson;
  return (item?.payloadRef as PayloadRefJson | null | undefined) ?? null;
}

/** Where an adjudicator fetches a request's payload (GET, served by RequestMediaUseCase). */
export function requestMediaUrl(requestId: string): string {
  return `/v1/adjudications/${encodeURIComponent(requestId)}/media`;
}

/**
 * The content of a request: what the request carries, field by field, else adjudication's copy of
 * items.v1 (`source` says which; null when neither has anything). No storage location leaves:
 * the payload is `mediaUrl` (the request's media route) and `mediaType` (the type it is served
 * with), and the content reference loses its `payload` object ref.
 */
function contentView(requestId: string, ev: AdjudicationEvent, item: ItemContentRow | null) {
  const fullReference = ev.content ? toJson(ContentReferenceSchema, ev.content) : (item?.content ?? null);
  const reference = withoutPayload(fullReference);
  const maskedText = ev.maskedText ?? item?.maskedText ?? null;
  const payload = requestPayload(ev, item);
  const fromRequest = ev.content !== undefined || ev.maskedText !== undefined || ev.payloadRef !== undefined;
  const contentType = ev.content
    ? ContentType[ev.content.contentType]
    : ((reference as { contentType?: string } | null)?.contentType?.replace(/^CONTENT_TYPE_/, '') ?? null);
  const mediaType = typeof payload?.mediaType === 'string' && payload.mediaType ? payload.mediaType : null;
  return {
    contentType,
    maskedText,
    mediaUrl: payload ? requestMediaUrl(requestId) : null,
    mediaType: mediaType ? servedMediaType(mediaType).contentType : null,
    reference,
    source: fromRequest ? 'request' : item ? 'items.v1' : null,
  };
}

/** A content reference (protobuf JSON) without its `payload` object ref (bucket and key). */
function withoutPayload(reference: unknown): unknown {
  if (!reference || typeof reference !== 'object' || Array.isArray(reference)) return reference;
  const { payload: _payload, ...rest } = reference as Record<string, unknown>;
  return rest;
}

/** Everything an adjudicator needs to decide: content, guidelines, question, answers, draft, reasons. */
export function requestView(
  r: RequestRow,
  ontology: OntologyCopy | null,
  verdict: VerdictRow | null,
  now: Date,
  item: ItemContentRow | null = null,
) {
  const ev = requestFromJson(r.event);
  const question = resolveQuestion(ev, ontology);
  const humans = ev.answers.filter((a) => a.source !== AnswerSource.MACHINE);
  const aggregation = ev.aggregation
    ? { ...(toJson(AggregationSchema, ev.aggregation) as object), method: AggregationMethod[ev.aggregation.method] ?? null }
    : null;
  return {
    ...queueEntryView(r, now),
    content: contentView(r.requestId, ev, item),
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
