import { create } from '@bufbuild/protobuf';
import { type Answer, AnswerSchema } from '@verity/contracts';
import { answerKey, answerKind, scoreHoneypot } from './answer.key';

const choice = (...optionIds: string[]): Answer => create(AnswerSchema, { value: { case: 'choice', value: { optionIds } } });
const text = (t: string): Answer => create(AnswerSchema, { value: { case: 'freeText', value: { text: t } } });

describe('answer keys (equality)', () => {
  it('single choice: the option id', () => expect(answerKey(choice('toxic'))).toBe('toxic'));
  it('multi-choice: set equality (order and duplicates do not matter)', () => {
    expect(answerKey(choice('b', 'a'))).toBe('a|b');
    expect(answerKey(choice('a', 'b', 'a'))).toBe(answerKey(choice('b', 'a')));
    expect(answerKey(choice('a'))).not.toBe(answerKey(choice('a', 'b')));
  });
  it('free text: exact match after trimming, whitespace collapsing and lower-casing', () => {
    expect(answerKey(text('  Hello   World '))).toBe(answerKey(text('hello world')));
    expect(answerKey(text('hello'))).not.toBe(answerKey(text('hello world')));
  });
  it('spans: exact match, order-insensitive', () => {
    const s = (spans: { start: number; end: number; optionId: string }[]) =>
      create(AnswerSchema, { value: { case: 'textSpans', value: { spans } } });
    expect(answerKey(s([{ start: 1, end: 3, optionId: 'x' }, { start: 5, end: 9, optionId: 'y' }]))).toBe(
      answerKey(s([{ start: 5, end: 9, optionId: 'y' }, { start: 1, end: 3, optionId: 'x' }])),
    );
    expect(answerKey(s([{ start: 1, end: 3, optionId: 'x' }]))).not.toBe(answerKey(s([{ start: 1, end: 4, optionId: 'x' }])));
  });
  it('empty answers have no key and no kind', () => {
    expect(answerKey(create(AnswerSchema, {}))).toBeNull();
    expect(answerKey(choice())).toBeNull();
    expect(answerKind(undefined)).toBe('empty');
    expect(answerKind(choice('a'))).toBe('choice');
  });
});

describe('honeypot scoring', () => {
  it('single choice: correct iff the option matches', () => {
    expect(scoreHoneypot(choice('harassment'), choice('harassment'))).toBe(true);
    expect(scoreHoneypot(choice('non-toxic'), choice('harassment'))).toBe(false);
  });
  it('multi-choice: correct iff the same set, in any order', () => {
    expect(scoreHoneypot(choice('threat', 'insult'), choice('insult', 'threat'))).toBe(true);
    expect(scoreHoneypot(choice('insult'), choice('insult', 'threat'))).toBe(false); // a subset is wrong
    expect(scoreHoneypot(choice('insult', 'threat', 'spam'), choice('insult', 'threat'))).toBe(false); // a superset too
  });
  it('an empty answer is wrong; no expected answer means nothing to score', () => {
    expect(scoreHoneypot(create(AnswerSchema, {}), choice('a'))).toBe(false);
    expect(scoreHoneypot(choice('a'), undefined)).toBeNull();
  });
});
