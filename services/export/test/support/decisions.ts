import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AnswerSource, DecisionEvent, DecisionEventSchema, newEnvelope, TOPICS } from '@verity/contracts';

/**
 * A decided label as quality would publish it: Dawid-Skene over a human answer (shown the
 * machine draft) and the machine answer, with every event id of the audit chain.
 */
export function sampleDecision(itemId: string, questionId: string, label = 'toxic', at = new Date('2025-03-01T10:00:00.123Z')): DecisionEvent {
  return create(DecisionEventSchema, {
    envelope: newEnvelope({ producer: 'quality', projectId: 'p1', spec: TOPICS.decisions, occurredAt: at, correlationId: 'content-evt-1' }),
    decisionId: `dec-${itemId}-${questionId}`,
    taskId: `task-${itemId}`,
    itemId,
    questionId,
    ontologyVersion: 1,
    label,
    answer: { value: { case: 'choice', value: { optionIds: [label] } } },
    softLabel: { [label]: 0.75, other: 0.25 },
    confidence: 0.75,
    aggregation: { method: 3, parameters: { iterations: '50', tolerance: '1e-6' } },
    agreement: { pairwise: 2 / 3, answerCount: 3 },
    answers: [
      {
        annotationId: 'a1',
        annotatorId: 'u1',
        source: AnswerSource.HUMAN,
        reliability: 0.9,
        timeSpentMs: 1200n,
        submittedAt: timestampFromDate(at),
        draftShown: true,
        eventId: `annotation-evt-a1-${itemId}`,
        taskEventId: `task-evt-${itemId}`,
        prelabelEventId: `prelabel-evt-${itemId}`,
      },
      {
        annotationId: 'a2',
        annotatorId: 'model:m1',
        source: AnswerSource.MACHINE,
        model: { modelId: 'm1', promptVersion: 'p3' },
        eventId: `annotation-evt-a2-${itemId}`,
        taskEventId: `task-evt-${itemId}`,
        prelabelEventId: `prelabel-evt-${itemId}`,
      },
    ],
    contentEventId: 'content-evt-1',
    taskEventId: `task-evt-${itemId}`,
  });
}

