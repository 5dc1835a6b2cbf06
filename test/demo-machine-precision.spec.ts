import { precisionOfVersions, type VersionPrecision } from '../demo/src/machine-precision';

// The demo reports machine precision on the audits of phase 2's own model versions apart from
// the project's figure, which also pools phase 1's extra batches (earlier, weaker versions).
describe('precisionOfVersions', () => {
  const row = (modelVersion: string, correct: number, count: number, pending = 0): VersionPrecision => ({
    questionId: 'spam',
    modelId: 'local-lr/p/spam',
    modelVersion,
    count,
    correct,
    precision: correct / count,
    low: null,
    high: null,
    pending,
  });

  it('pools the resolved audits of the named versions only, with a Wilson interval', () => {
    const m = precisionOfVersions([row('v3', 5, 8, 1), row('v6', 18, 19), row('v7', 10, 10, 2)], ['v6', 'v7'])!;
    expect([m.correct, m.count, m.pending]).toEqual([28, 29, 2]);
    expect(m.precision).toBeCloseTo(28 / 29, 10);
    // Wilson 95 % for 28/29: about 0.828–0.994.
    expect(m.low).toBeCloseTo(0.828, 2);
    expect(m.high).toBeCloseTo(0.994, 2);
    expect(m.modelId).toBe('local-lr/p/spam');
  });

  it('is null when none of the versions has an audit', () => {
    expect(precisionOfVersions([row('v3', 5, 8)], ['v6'])).toBeNull();
  });
});
