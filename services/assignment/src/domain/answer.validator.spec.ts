import { create } from '@bufbuild/protobuf';
import { QuestionKind, QuestionSchema, type Question } from '@verity/contracts';
import { validate } from '@verity/service-runtime';
import { answerJson, toAnswer } from './answer-input.parser';
import { validateAnswer } from './answer.validator';

const q = (kind: QuestionKind, over: Partial<Pick<Question, 'options' | 'required' | 'minSelections' | 'maxSelections'>> = {}) =>
  create(QuestionSchema, {
    questionId: 'q1',
    kind,
    prompt: 'p',
    required: true,
    options: [
      { optionId: 'a', label: 'A' },
      { optionId: 'b', label: 'B' },
      { optionId: 'c', label: 'C' },
    ],
    ...over,
  });
const check = (question: Question, json: unknown, text?: string) =>
  validateAnswer(question, toAnswer(json === undefined ? undefined : validate(answerJson, json)), { text });

describe('validateAnswer', () => {
  it('accepts a valid answer of every kind', () => {
    expect(check(q(QuestionKind.SINGLE_CHOICE), { choice: { optionIds: ['a'] } })).toEqual([]);
    expect(check(q(QuestionKind.MULTIPLE_CHOICE), { choice: { optionIds: ['a', 'c'] } })).toEqual([]);
    expect(check(q(QuestionKind.FREE_TEXT, { options: [] }), { freeText: { text: 'hello' } })).toEqual([]);
    expect(check(q(QuestionKind.TEXT_SPAN), { textSpans: { spans: [{ start: 0, end: 5, optionId: 'a' }] } }, 'hello world')).toEqual([]);
    expect(check(q(QuestionKind.TIME_SEGMENT), { timeSegments: { segments: [{ startMs: 0, endMs: '1500', optionId: 'b' }] } })).toEqual([]);
    expect(check(q(QuestionKind.BOX), { boxes: { boxes: [{ x: 0.1, y: 0.1, width: 0.5, height: 0.9, optionId: 'c' }] } })).toEqual([]);
  });

  it('names a wrong option id', () => {
    expect(check(q(QuestionKind.SINGLE_CHOICE), { choice: { optionIds: ['z'] } })).toEqual([
      { field: 'answer.choice.optionIds[0]', reason: expect.stringContaining('"z" is not an option of question "q1"') },
    ]);
  });

  it('refuses several options on a single-choice question, duplicates, and selection bounds', () => {
    expect(check(q(QuestionKind.SINGLE_CHOICE), { choice: { optionIds: ['a', 'b'] } })[0]!.reason).toMatch(/exactly one option, got 2/);
    expect(check(q(QuestionKind.MULTIPLE_CHOICE), { choice: { optionIds: ['a', 'a'] } })[0]!.reason).toMatch(/chosen twice/);
    expect(check(q(QuestionKind.MULTIPLE_CHOICE, { minSelections: 2 }), { choice: { optionIds: ['a'] } })[0]!.reason).toMatch(/at least 2/);
    expect(check(q(QuestionKind.MULTIPLE_CHOICE, { maxSelections: 1 }), { choice: { optionIds: ['a', 'b'] } })[0]!.reason).toMatch(/at most 1/);
  });

  it('requires an answer when the question does, and allows none otherwise', () => {
    expect(check(q(QuestionKind.SINGLE_CHOICE), undefined)).toEqual([{ field: 'answer', reason: expect.stringMatching(/required/) }]);
    expect(check(q(QuestionKind.SINGLE_CHOICE), { choice: { optionIds: [] } })[0]!.field).toBe('answer');
    expect(check(q(QuestionKind.FREE_TEXT), { freeText: { text: '   ' } })[0]!.field).toBe('answer');
    expect(check(q(QuestionKind.SINGLE_CHOICE, { required: false }), undefined)).toEqual([]);
    // An empty span list is an answer ("nothing to mark").
    expect(check(q(QuestionKind.TEXT_SPAN), { textSpans: { spans: [] } }, 'abc')).toEqual([]);
  });

  it('refuses an answer of another kind', () => {
    expect(check(q(QuestionKind.SINGLE_CHOICE), { freeText: { text: 'a' } })[0]!.reason).toMatch(/takes answer\.choice, not answer\.freeText/);
  });

  it('refuses a text span outside the text (code points) or empty', () => {
    const out = check(q(QuestionKind.TEXT_SPAN), { textSpans: { spans: [{ start: 2, end: 4, optionId: 'a' }] } }, 'a😀c');
    expect(out).toEqual([{ field: 'answer.textSpans.spans[0].end', reason: expect.stringMatching(/outside the text \(3 characters\)/) }]);
    expect(check(q(QuestionKind.TEXT_SPAN), { textSpans: { spans: [{ start: 1, end: 1, optionId: 'a' }] } }, 'abc')[0]!.field).toBe(
      'answer.textSpans.spans[0].end',
    );
  });

  it('refuses a time segment ending before it starts', () => {
    expect(check(q(QuestionKind.TIME_SEGMENT), { timeSegments: { segments: [{ startMs: 500, endMs: 100, optionId: 'a' }] } })).toEqual([
      { field: 'answer.timeSegments.segments[0].endMs', reason: 'endMs (100) must be after startMs (500)' },
    ]);
  });

  it('refuses boxes out of the normalized range', () => {
    const out = check(q(QuestionKind.BOX), { boxes: { boxes: [{ x: 0.8, y: -0.1, width: 0.5, height: 0.2, optionId: 'a' }] } });
    expect(out.map((e) => e.field).sort()).toEqual(['answer.boxes.boxes[0].width', 'answer.boxes.boxes[0].y']);
  });

  it('the JSON shape: exactly one kind, no unknown fields', () => {
    expect(() => validate(answerJson, { choice: { optionIds: ['a'] }, freeText: { text: 'x' } })).toThrow(/exactly one of/);
    expect(() => validate(answerJson, { choice: { ids: ['a'] } })).toThrow(/choice/);
    expect(() => validate(answerJson, { timeSegments: { segments: [{ startMs: -1, endMs: 2, optionId: 'a' }] } })).toThrow(/startMs/);
  });
});
