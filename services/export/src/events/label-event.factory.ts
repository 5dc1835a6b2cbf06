import { timestampFromDate, timestampDate } from '@bufbuild/protobuf/wkt';
import {
  causedBy,
  ContentReference,
  createEvent,
  DecisionEvent,
  LabelEvent,
  LabelStatus,
  newEnvelope,
  TOPICS,
} from '@verity/contracts';

export interface LabelEventInit {
  labelVersion: number;
  /** The item's content reference, from items.v1; absent when export has not seen the item. */
  content?: ContentReference;
  /** When the version was recorded (the envelope's occurred_at). */
  recordedAt: Date;
  status?: LabelStatus;
}

/** When a decision was made: the verdict's time for adjudicated labels, else the decision event's. */
export function decidedAtOf(d: DecisionEvent): Date {
  if (d.adjudicated && d.verdict?.decidedAt) return timestampDate(d.verdict.decidedAt);
  if (d.envelope?.occurredAt) return timestampDate(d.envelope.occurredAt);
  throw new Error(`decision ${d.decisionId} has no occurred_at`);
}

/** DecisionEvent → the public LabelEvent of one label version, with the whole provenance. */
export function labelEventFrom(d: DecisionEvent, init: LabelEventInit): LabelEvent {
  const env = d.envelope!;
  return createEvent(TOPICS.labels, {
    envelope: newEnvelope({
      producer: 'export',
      projectId: env.projectId,
      spec: TOPICS.labels,
      ...causedBy(env),
      traceparent: env.traceparent,
      tracestate: env.tracestate,
      occurredAt: init.recordedAt,
    }),
    itemId: d.itemId,
    content: init.content,
    questionId: d.questionId,
    ontologyVersion: d.ontologyVersion,
    labelVersion: init.labelVersion,
    status: init.status ?? LabelStatus.ACTIVE,
    label: d.label,
    answer: d.answer,
    softLabel: { ...d.softLabel },
    confidence: d.confidence,
    adjudicated: d.adjudicated,
    gold: d.gold,
    provenance: {
      answers: d.answers,
      aggregation: d.aggregation,
      agreement: d.agreement,
      verdict: d.verdict,
      weakLabels: d.weakLabels,
      decisionEventId: env.eventId,
      contentEventId: d.contentEventId,
      taskId: d.taskId,
      taskEventId: d.taskEventId,
    },
    decidedAt: timestampFromDate(decidedAtOf(d)),
  });
}
