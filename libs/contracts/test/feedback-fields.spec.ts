import { create } from '@bufbuild/protobuf';
import { AnswerSchema, FeedbackEventSchema, FeedbackSource, missingFeedbackField } from '../src';

const complete = () =>
  create(FeedbackEventSchema, {
    feedbackId: 'fb-1',
    source: 'shop',
    sourceId: 'c-1',
    itemId: 'item-1',
    questionId: 'spam',
    answer: { value: { case: 'choice', value: { optionIds: ['spam'] } } },
    feedbackSource: FeedbackSource.MODERATOR_OVERRIDE,
  });

describe('missingFeedbackField', () => {
  it('accepts a complete event, and one that names its content by source ids only', () => {
    expect(missingFeedbackField(complete())).toBeNull();
    const bySource = complete();
    bySource.itemId = undefined;
    expect(missingFeedbackField(bySource)).toBeNull();
  });

  it.each([
    ['feedback_id', (e: ReturnType<typeof complete>) => (e.feedbackId = ''), 'feedback_id: is empty'],
    ['question_id', (e: ReturnType<typeof complete>) => (e.questionId = ''), 'question_id: is empty'],
    ['answer', (e: ReturnType<typeof complete>) => (e.answer = undefined), 'answer: has no value'],
    ['an answer without a value', (e: ReturnType<typeof complete>) => (e.answer = create(AnswerSchema)), 'answer: has no value'],
    ['feedback_source', (e: ReturnType<typeof complete>) => (e.feedbackSource = FeedbackSource.UNSPECIFIED), 'feedback_source: is unspecified'],
  ])('names %s when it is missing', (_what, spoil, reason) => {
    const e = complete();
    spoil(e);
    expect(missingFeedbackField(e)).toBe(reason);
  });

  it('names source, then source_id, when neither they nor item_id say which content it is about', () => {
    const e = complete();
    e.itemId = undefined;
    e.source = '';
    expect(missingFeedbackField(e)).toBe('source: is empty and item_id is absent');
    e.source = 'shop';
    e.sourceId = '';
    expect(missingFeedbackField(e)).toBe('source_id: is empty and item_id is absent');
  });
});
