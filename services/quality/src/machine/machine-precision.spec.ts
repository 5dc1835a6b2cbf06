import { machinePrecision } from './machine-precision';

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
