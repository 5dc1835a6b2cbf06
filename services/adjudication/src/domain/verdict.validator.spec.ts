import { create } from '@bufbuild/protobuf';
import { AnswerSchema, QuestionKind, QuestionSchema, type Answer } from '@verity/contracts';
import { answerKey, checkVerdict, expertSoftLabel, foldObservation, majorityKey, verdictBodySchema } from './verdict.validator';

const toxicity = create(QuestionSchema, {
  questionId: 'toxicity',
  kind: QuestionKind.SINGLE_CHOICE,
  prompt: 'Is this comment toxic?',
  options: [
    { optionId: 'non-toxic', label: 'Not toxic' },
    { optionId: 'harassment', label: 'Harassment' },
    { optionId: 'hate', label: 'Hate' },
  ],
});
const topics = create(QuestionSchema, {
  questionId: 'topics',
  kind: QuestionKind.MULTIPLE_CHOICE,
  options: [{ optionId: 'a' }, { optionId: 'b' }, { optionId: 'c' }],
  minSelections: 1,
  maxSelections: 2,
});
const choice = (...ids: string[]): Answer => create(AnswerSchema, { value: { case: 'choice', value: { optionIds: ids } } });
const trace = [choice('non-toxic'), choice('harassment'), choice('non-toxic')];

describe('verdict validation against the ontology version', () => {
  it('accepts an option of the question and reports the overridden majority', () => {
    const r = checkVerdict({ label: 'harassment', confidence: 0.9, note: 'targets a person', goldCandidate: true }, toxicity, trace);
    expect(r).toEqual({
      ok: true,
      verdict: { label: 'harassment', optionIds: ['harassment'], confidence: 0.9, note: 'targets a person', goldCandidate: true, overrode: 'non-toxic' },
    });
  });

  it('rejects a label that is not an option, naming the field and the options', () => {
    const r = checkVerdict({ label: 'spam', confidence: 0.9, note: 'x' }, toxicity, trace);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([{ field: 'label', reason: expect.stringContaining('"spam" is not an option of question toxicity') }]);
      expect(r.errors[0].reason).toContain('non-toxic, harassment, hate');
    }
  });

  it('requires a note when the verdict overrides the majority, not when it agrees', () => {
    const over = checkVerdict({ label: 'harassment', confidence: 0.8, note: '  ' }, toxicity, trace);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.errors.map((e) => e.field)).toEqual(['note']);
    const agree = checkVerdict({ label: 'non-toxic', confidence: 0.8 }, toxicity, trace);
    expect(agree.ok && agree.verdict.overrode).toBeNull();
  });

  it('needs no note when there is no majority (a tie)', () => {
    const r = checkVerdict({ label: 'hate', confidence: 0.6 }, toxicity, [choice('non-toxic'), choice('harassment')]);
    expect(r.ok).toBe(true);
  });

  it('single choice requires a label, multiple choice validates every option and the selection bounds', () => {
    const missing = checkVerdict({ confidence: 0.5 }, toxicity, []);
    expect(!missing.ok && missing.errors[0].field).toBe('label');
    expect(checkVerdict({ labels: ['a', 'c'], confidence: 1 }, topics, []).ok).toBe(true);
    const bad = checkVerdict({ labels: ['a', 'z'], confidence: 1 }, topics, []);
    expect(!bad.ok && bad.errors[0]).toEqual({ field: 'labels', reason: expect.stringContaining('z') });
    const many = checkVerdict({ labels: ['a', 'b', 'c'], confidence: 1 }, topics, []);
    expect(!many.ok && many.errors[0].reason).toContain('at most 2');
    const dup = checkVerdict({ labels: ['a', 'a'], confidence: 1 }, topics, []);
    expect(!dup.ok && dup.errors[0].reason).toContain('once');
  });

  it('refuses question kinds that are not choices', () => {
    const free = create(QuestionSchema, { questionId: 'why', kind: QuestionKind.FREE_TEXT });
    const r = checkVerdict({ label: 'x', confidence: 1 }, free, []);
    expect(!r.ok && r.errors[0]).toEqual({ field: 'label', reason: expect.stringContaining('FREE_TEXT') });
  });

  it('the body schema bounds confidence to [0, 1]', () => {
    expect(verdictBodySchema.safeParse({ label: 'x', confidence: 1.2 }).success).toBe(false);
    expect(verdictBodySchema.safeParse({ label: 'x', confidence: -0.1 }).success).toBe(false);
    expect(verdictBodySchema.safeParse({ label: 'x' }).success).toBe(false);
    expect(verdictBodySchema.safeParse({ label: 'x', confidence: 0 }).success).toBe(true);
  });

  it('answer keys and majority', () => {
    expect(answerKey(choice('b', 'a'))).toBe('a,b');
    expect(answerKey(create(AnswerSchema, { value: { case: 'freeText', value: { text: 'x' } } }))).toBeNull();
    expect(majorityKey(trace)).toBe('non-toxic');
    expect(majorityKey([])).toBeNull();
  });

  it('soft label: confidence on the label, the rest spread evenly, summing to 1', () => {
    const r = checkVerdict({ label: 'harassment', confidence: 0.9, note: 'n' }, toxicity, trace);
    if (!r.ok) throw new Error('expected ok');
    const soft = expertSoftLabel(toxicity, r.verdict);
    expect(soft.harassment).toBeCloseTo(0.9);
    expect(soft['non-toxic']).toBeCloseTo(0.05);
    expect(Object.values(soft).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('an observation moves reliability towards 1 when agreeing and towards 0 when not', () => {
    expect(foldObservation(0.8, true, 10)).toBeCloseTo((0.8 * 10 + 1) / 11);
    expect(foldObservation(0.8, false, 10)).toBeCloseTo(8 / 11);
    expect(foldObservation(0.8, true, 10)).toBeGreaterThan(0.8);
    expect(foldObservation(0.8, false, 10)).toBeLessThan(0.8);
  });
});
