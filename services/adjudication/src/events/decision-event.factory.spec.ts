import { create } from '@bufbuild/protobuf';
import { AdjudicationEventSchema, FeedbackSource, QuestionKind, QuestionSchema, WeakLabelSchema } from '@verity/contracts';
import { verdictDecision, type VerdictContext } from './decision-event.factory';

const context = (weakLabels?: VerdictContext['weakLabels']): VerdictContext => ({
  request: create(AdjudicationEventSchema, {
    envelope: { eventId: 'ev-1', projectId: 'p1', correlationId: 'content-ev-1' },
    requestId: 'r1',
    taskId: 't1',
    itemId: 'i1',
    questionId: 'spam',
    ontologyVersion: 1,
  }),
  question: create(QuestionSchema, { questionId: 'spam', kind: QuestionKind.SINGLE_CHOICE, options: [{ optionId: 'spam' }, { optionId: 'ham' }] }),
  verdict: { label: 'spam', optionIds: ['spam'], confidence: 0.9, note: 'a link to a shop', goldCandidate: false, overrode: null },
  adjudicatorId: 'expert-1',
  tier: 'expert',
  decidedAt: new Date('2026-01-01T00:00:00Z'),
  claimedAt: null,
  escalation: null,
  weakLabels,
});

describe('verdictDecision weak labels', () => {
  it('carries the weak labels known for the item and question into the decision', () => {
    const weak = create(WeakLabelSchema, {
      feedbackId: 'fb-1',
      source: FeedbackSource.MODERATOR_OVERRIDE,
      sourceDetail: 'moderation-console',
      answer: { value: { case: 'choice', value: { optionIds: ['spam'] } } },
    });
    const d = verdictDecision(context([weak]));
    expect(d.weakLabels).toEqual([weak]);
  });

  it('has none when no feedback is known', () => {
    expect(verdictDecision(context()).weakLabels).toEqual([]);
  });
});
