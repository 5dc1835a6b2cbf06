import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AnswerSource, createEvent, newEnvelope, TOPICS, type AnnotationEvent, type Answer } from '@verity/contracts';
import type { LeaseRecord } from '../db/lease.repository';
import { answerFromJson, modelFromJson } from '../domain/proto-json.mapper';

/** The envelope of a human answer's annotations.v1 event: caused by the event that queued the task, in its flow. */
export function annotationEnvelope(lease: Pick<LeaseRecord, 'projectId' | 'sourceEventId' | 'correlationId'>) {
  return newEnvelope({
    producer: 'assignment',
    projectId: lease.projectId,
    causationId: lease.sourceEventId,
    correlationId: lease.correlationId,
  });
}

/**
 * The annotations.v1 event of a human answer recorded under `lease` (full provenance; the
 * honeypot flag and expected answer for quality). `imported`: given in another tool, so no lease
 * id and no assignment time are claimed.
 */
export function humanAnnotationEvent(a: {
  envelope: ReturnType<typeof annotationEnvelope>;
  lease: LeaseRecord;
  annotationId: string;
  answer: Answer;
  timeSpentMs: number;
  submittedAt: Date;
  imported?: boolean;
}): AnnotationEvent {
  const { lease, envelope } = a;
  const honeypot = lease.kind === 'honeypot';
  envelope.occurredAt = timestampFromDate(a.submittedAt);
  return createEvent(TOPICS.annotations, {
    envelope,
    annotationId: a.annotationId,
    taskId: lease.taskId,
    itemId: lease.itemId,
    questionId: lease.questionId,
    ontologyVersion: lease.ontologyVersion,
    annotatorId: lease.annotatorId,
    source: AnswerSource.HUMAN,
    answer: a.answer,
    timeSpentMs: BigInt(a.timeSpentMs),
    draftShown: lease.draftShown,
    draft:
      lease.draftShown && lease.draft
        ? {
            prelabelEventId: lease.draftEventId ?? '',
            answer: answerFromJson(lease.draft),
            model: lease.draftModel ? modelFromJson(lease.draftModel) : undefined,
          }
        : undefined,
    leaseId: a.imported ? '' : lease.leaseId,
    assignedAt: a.imported ? undefined : timestampFromDate(new Date(lease.leasedAt)),
    submittedAt: timestampFromDate(a.submittedAt),
    honeypot,
    expectedAnswer: honeypot && lease.expectedAnswer ? answerFromJson(lease.expectedAnswer) : undefined,
    audit: lease.audit,
    // N of the task, so quality evaluates the task at the same count assignment leases.
    answersRequired: lease.answersRequired,
    taskEventId: lease.taskEventId ?? '',
  });
}
