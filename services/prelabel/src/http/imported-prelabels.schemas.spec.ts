import { BadRequestException } from '@nestjs/common';
import { validate } from '@verity/service-runtime';
import { importedPrelabelsBody } from './imported-prelabels.schemas';

const one = { source: 'label-studio', sourceId: '17', questionId: 'sentiment', optionIds: ['pos'], score: 0.8, modelVersion: 'bert-v2' };

/** The 400's field errors for a body. */
function errorsOf(body: unknown): { field: string; reason: string }[] {
  try {
    validate(importedPrelabelsBody, body);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { errors: { field: string; reason: string }[] }).errors;
  }
  throw new Error('the body was accepted');
}

describe('imported prelabels body', () => {
  it('accepts a valid body, score optional, identifiers trimmed', () => {
    const body = validate(importedPrelabelsBody, { prelabels: [one, { ...one, sourceId: ' 18 ', score: undefined }] });
    expect(body.prelabels).toHaveLength(2);
    expect(body.prelabels[1]).toEqual({ ...one, sourceId: '18', score: undefined });
  });

  it('names the field and the reason of each fault', () => {
    expect(errorsOf({ prelabels: [{ ...one, optionIds: [] }] })).toEqual([{ field: 'prelabels.0.optionIds', reason: expect.stringMatching(/>=1/) }]);
    expect(errorsOf({ prelabels: [{ ...one, score: 1.5 }] })).toEqual([{ field: 'prelabels.0.score', reason: expect.stringMatching(/<=1/) }]);
    expect(errorsOf({ prelabels: [{ ...one, score: -0.1 }] })).toEqual([{ field: 'prelabels.0.score', reason: expect.stringMatching(/>=0/) }]);
    expect(errorsOf({ prelabels: [one, { ...one, modelVersion: 'x'.repeat(201) }] })).toEqual([{ field: 'prelabels.1.modelVersion', reason: expect.stringMatching(/<=200/) }]);
    expect(errorsOf({ prelabels: [{ ...one, modelVersion: '' }] }).map((e) => e.field)).toEqual(['prelabels.0.modelVersion']);
    expect(errorsOf({ prelabels: [{ ...one, optionIds: ['pos', 'pos'] }] })).toEqual([{ field: 'prelabels.0.optionIds', reason: 'must not repeat an option' }]);
    expect(errorsOf({ prelabels: [{ ...one, sourceId: 'a\u0000b' }] })).toEqual([{ field: 'prelabels.0.sourceId', reason: 'must not contain control characters' }]);
    expect(errorsOf({ prelabels: [{ ...one, questionId: undefined }] }).map((e) => e.field)).toEqual(['prelabels.0.questionId']);
    expect(errorsOf({ prelabels: [{ ...one, label: 'pos' }] })).toEqual([{ field: 'prelabels.0', reason: expect.stringMatching(/label/) }]);
  });

  it('takes 1 to 1000 prelabels', () => {
    expect(errorsOf({ prelabels: [] })).toEqual([{ field: 'prelabels', reason: expect.stringMatching(/>=1/) }]);
    expect(errorsOf({})).toEqual([{ field: 'prelabels', reason: expect.any(String) }]);
    expect(validate(importedPrelabelsBody, { prelabels: Array.from({ length: 1000 }, (_, i) => ({ ...one, sourceId: String(i) })) }).prelabels).toHaveLength(1000);
    expect(errorsOf({ prelabels: Array.from({ length: 1001 }, (_, i) => ({ ...one, sourceId: String(i) })) })).toEqual([
      { field: 'prelabels', reason: expect.stringMatching(/<=1000/) },
    ]);
  });
});
