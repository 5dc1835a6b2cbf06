import { BadRequestException } from '@nestjs/common';
import { validate } from '@verity/service-runtime';
import { importAnswersBody } from './import-answers.use-case';

const answer = {
  source: 'label-studio',
  sourceId: '17',
  questionId: 'sentiment',
  annotatorId: 'label-studio:12',
  optionIds: ['positive'],
  submittedAt: '2024-05-01T10:00:00.123Z',
  timeSpentMs: 4200,
  externalId: '301',
};

/** The `errors` of the 400 the body gets (every faulty field named with its reason). */
function faults(body: unknown): { field: string; reason: string }[] {
  try {
    validate(importAnswersBody, body);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { errors: { field: string; reason: string }[] }).errors;
  }
  throw new Error('the body was accepted');
}

describe('imported answers: request body', () => {
  it('accepts the contract body, timeSpentMs optional, submittedAt with an offset', () => {
    const { timeSpentMs: _, ...noTime } = answer;
    const parsed = validate(importAnswersBody, { answers: [answer, { ...noTime, submittedAt: '2024-05-01T12:00:00+02:00' }] });
    expect(parsed.answers).toHaveLength(2);
    expect(parsed.answers[1]!.timeSpentMs).toBeUndefined();
  });

  it('names each missing or empty field with its index', () => {
    const errors = faults({ answers: [{ ...answer, sourceId: '', optionIds: [] }, { ...answer, externalId: undefined }] });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'answers.0.sourceId', reason: 'is required' },
        { field: 'answers.0.optionIds', reason: 'needs at least one option id' },
        expect.objectContaining({ field: 'answers.1.externalId' }),
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it('refuses a long annotator id, a bad date, a negative or fractional time, an empty option id and unknown fields', () => {
    const errors = faults({
      answers: [
        {
          ...answer,
          annotatorId: 'a'.repeat(201),
          submittedAt: 'yesterday',
          timeSpentMs: -1,
          optionIds: ['ok', ''],
          extra: 1,
        },
        { ...answer, timeSpentMs: 1.5 },
      ],
    });
    const fields = errors.map((e) => e.field).sort();
    expect(fields).toEqual(['answers.0', 'answers.0.annotatorId', 'answers.0.optionIds.1', 'answers.0.submittedAt', 'answers.0.timeSpentMs', 'answers.1.timeSpentMs']);
    expect(errors.find((e) => e.field === 'answers.0.annotatorId')!.reason).toBe('must be at most 200 characters');
    expect(errors.find((e) => e.field === 'answers.0.submittedAt')!.reason).toBe('must be an ISO-8601 date-time');
    expect(errors.find((e) => e.field === 'answers.0')!.reason).toMatch(/extra/);
  });

  it('takes 1 to 1000 answers', () => {
    expect(faults({ answers: [] })).toEqual([{ field: 'answers', reason: 'needs at least one answer' }]);
    expect(faults({ answers: Array.from({ length: 1001 }, () => answer) })).toEqual([{ field: 'answers', reason: 'takes at most 1000 answers per call' }]);
    expect(validate(importAnswersBody, { answers: Array.from({ length: 1000 }, () => answer) }).answers).toHaveLength(1000);
    expect(faults({})).toEqual([expect.objectContaining({ field: 'answers' })]);
    expect(faults(null)).toEqual([expect.objectContaining({ field: '(root)' })]);
  });
});
