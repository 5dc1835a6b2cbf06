import { create, fromBinary } from '@bufbuild/protobuf';
import { AggregationMethod, AnswerSchema } from '@verity/contracts';
import { finalLabelOf, methodName } from './final-label.rule';

describe('final labels', () => {
  it('names the aggregation method in lower case', () => {
    expect(methodName(AggregationMethod.MAJORITY_VOTE)).toBe('majority_vote');
    expect(methodName(AggregationMethod.DAWID_SKENE)).toBe('dawid_skene');
    expect(methodName(AggregationMethod.MACHINE_AUTO_ACCEPT)).toBe('machine_auto_accept');
    expect(methodName(AggregationMethod.ADJUDICATION)).toBe('adjudication');
    expect(methodName(undefined)).toBe('unspecified');
    expect(methodName(99 as AggregationMethod)).toBe('unspecified');
  });

  it('keeps a single-choice label and the decided answer; other kinds have no label', () => {
    const choice = create(AnswerSchema, { value: { case: 'choice', value: { optionIds: ['spam'] } } });
    const f = finalLabelOf({ label: 'spam', answer: choice, method: AggregationMethod.DAWID_SKENE });
    expect(f.label).toBe('spam');
    expect(f.method).toBe('dawid_skene');
    expect(fromBinary(AnswerSchema, f.answer)).toEqual(choice);
    const text = create(AnswerSchema, { value: { case: 'freeText', value: { text: 'a cat' } } });
    const t = finalLabelOf({ label: '', answer: text, method: AggregationMethod.MAJORITY_VOTE });
    expect(t.label).toBeNull();
    expect(fromBinary(AnswerSchema, t.answer).value).toEqual({ case: 'freeText', value: expect.objectContaining({ text: 'a cat' }) });
  });

  it('a decision with a label but no answer is that single choice', () => {
    const f = finalLabelOf({ label: 'ham', method: AggregationMethod.ADJUDICATION });
    expect(fromBinary(AnswerSchema, f.answer).value).toEqual({ case: 'choice', value: expect.objectContaining({ optionIds: ['ham'] }) });
  });
});
