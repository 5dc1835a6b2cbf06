import { machinePrecision, machinePrecisionByVersion } from './machine-precision.math';

describe('machine precision', () => {
  it('is correct / resolved audits with a 95 % Wilson interval around it', () => {
    const p = machinePrecision({ questionId: 'spam', modelId: 'm', resolved: 40, correct: 38, pending: 3 });
    expect(p).toMatchObject({ questionId: 'spam', modelId: 'm', count: 40, correct: 38, pending: 3 });
    expect(p.precision).toBeCloseTo(0.95);
    // Wilson 95 % for 38/40: [0.835, 0.986]
    expect(p.low!).toBeCloseTo(0.835, 2);
    expect(p.high!).toBeCloseTo(0.986, 2);
  });

  it('every audit right: precision 1 with the interval reaching exactly 1', () => {
    expect(machinePrecision({ questionId: 'spam', modelId: 'm', resolved: 21, correct: 21, pending: 0 })).toMatchObject({ precision: 1, high: 1 });
  });

  it('has no precision before the first resolved audit', () => {
    expect(machinePrecision({ questionId: 'spam', modelId: 'm', resolved: 0, correct: 0, pending: 2 })).toMatchObject({ count: 0, precision: null, low: null, high: null, pending: 2 });
  });
});

describe('machine precision per model version', () => {
  it('one entry per version with its own interval, versions in numeric order', () => {
    const out = machinePrecisionByVersion([
      { questionId: 'spam', modelId: 'm', modelVersion: 'v10', resolved: 20, correct: 19, pending: 0 },
      { questionId: 'spam', modelId: 'm', modelVersion: 'v2', resolved: 10, correct: 6, pending: 1 },
      { questionId: 'spam', modelId: 'm', modelVersion: 'v3', resolved: 0, correct: 0, pending: 4 },
    ]);
    expect(out.map((p) => p.modelVersion)).toEqual(['v2', 'v3', 'v10']);
    expect(out[0]).toMatchObject({ modelVersion: 'v2', count: 10, correct: 6, precision: 0.6, pending: 1 });
    expect(out[0]!.low!).toBeLessThan(0.6);
    expect(out[0]!.high!).toBeGreaterThan(0.6);
    expect(out[1]).toMatchObject({ count: 0, precision: null, low: null, high: null, pending: 4 });
    // Same measure as per model: the v10 entry equals machinePrecision of its counts.
    expect(out[2]).toEqual({ ...machinePrecision({ questionId: 'spam', modelId: 'm', resolved: 20, correct: 19, pending: 0 }), modelVersion: 'v10' });
  });
});
