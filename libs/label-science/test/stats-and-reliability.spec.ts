import {
  betaCdf,
  buildAnswers,
  chiSquareHomogeneity,
  chiSquareSurvival,
  gammaP,
  goldAccuracy,
  normalSurvival,
  wilsonInterval,
  type Defined,
} from '../src';

function value<T>(d: Defined<T>): T {
  if (!d.defined) throw new Error(d.reason);
  return d.value;
}

describe('special functions', () => {
  it('chi-square survival matches closed forms and table critical values', () => {
    // df = 2: Q(1, x/2) = exp(−x/2) exactly.
    for (const x of [0.1, 1, 5.991, 20])
      expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
    // Standard table: 3.841 (df 1), 11.070 (df 5), 18.307 (df 10) are the 5 % critical values.
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(11.0705, 5)).toBeCloseTo(0.05, 5);
    expect(chiSquareSurvival(18.307, 10)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });

  it('normal tail and the incomplete gamma agree with known values', () => {
    expect(normalSurvival(1.959964)).toBeCloseTo(0.025, 7);
    expect(normalSurvival(-1.959964)).toBeCloseTo(0.975, 7);
    // P(1, x) = 1 − e^{−x}.
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
  });

  it('the beta distribution function matches closed forms and the binomial sum', () => {
    for (const x of [0.05, 0.3, 0.6, 0.97]) {
      expect(betaCdf(x, 1, 1)).toBeCloseTo(x, 12);
      expect(betaCdf(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 12);
      expect(betaCdf(x, 1, 2.5)).toBeCloseTo(1 - (1 - x) ** 2.5, 12);
      // For integers, I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a).
      const [a, b] = [7, 12];
      let tail = 0;
      for (let k = a; k <= a + b - 1; k++) tail += choose(a + b - 1, k) * x ** k * (1 - x) ** (a + b - 1 - k);
      expect(betaCdf(x, a, b)).toBeCloseTo(tail, 10);
    }
    expect(betaCdf(0, 2, 3)).toBe(0);
    expect(betaCdf(1, 2, 3)).toBe(1);
    expect(() => betaCdf(0.5, 0, 1)).toThrow(RangeError);
  });
});

describe('chi-square homogeneity', () => {
  it('computes the statistic by hand for a 2×2 table', () => {
    // [[10, 20], [20, 10]]: every expected count 15, each cell contributes 25/15 → 20/3.
    const t = value(
      chiSquareHomogeneity([
        [10, 20],
        [20, 10],
      ]),
    );
    expect(t.statistic).toBeCloseTo(20 / 3, 12);
    expect(t.df).toBe(1);
    expect(t.pValue).toBeCloseTo(chiSquareSurvival(20 / 3, 1), 12);
  });
  it('drops empty classes and reports a single class as undefined', () => {
    expect(
      value(
        chiSquareHomogeneity([
          [5, 0, 5],
          [5, 0, 5],
        ]),
      ).df,
    ).toBe(1);
    expect(
      chiSquareHomogeneity([
        [5, 0],
        [3, 0],
      ]).defined,
    ).toBe(false);
  });
});

describe('Wilson interval', () => {
  it('matches the hand computation for 8 of 10 at z = 1.96', () => {
    // centre = (0.8 + 1.96²/20) / (1 + 1.96²/10) = 0.99208 / 1.38416 = 0.71674
    // half   = 1.96·√(0.8·0.2/10 + 1.96²/400) / 1.38416 = 1.96·0.16 / 1.38416 = 0.22656
    const w = value(wilsonInterval(8, 10));
    expect(w.low).toBeCloseTo(0.4902, 4);
    expect(w.high).toBeCloseTo(0.9433, 4);
  });
  it('stays inside [0, 1], narrows with z, is undefined with no trials', () => {
    const all = value(wilsonInterval(10, 10));
    expect(all.high).toBe(1);
    expect(all.low).toBeGreaterThan(0.65);
    expect(value(wilsonInterval(8, 10, 1)).high).toBeLessThan(value(wilsonInterval(8, 10)).high);
    expect(wilsonInterval(0, 0)).toEqual({ defined: false, reason: 'no trials' });
  });
  it('is exactly 1 at n of n and exactly 0 at 0 of n, whatever the rounding', () => {
    for (const n of [1, 7, 21, 40, 999]) {
      expect(value(wilsonInterval(n, n)).high).toBe(1);
      expect(value(wilsonInterval(0, n)).low).toBe(0);
    }
  });
});

describe('gold (honeypot) accuracy', () => {
  const a = buildAnswers([
    { item: 'g1', worker: 'a', label: 'x' },
    { item: 'g2', worker: 'a', label: 'y' },
    { item: 'g1', worker: 'b', label: 'y' },
    { item: 'n1', worker: 'b', label: 'y' },
    { item: 'n1', worker: 'c', label: 'x' },
  ]);
  const r = goldAccuracy(a, { g1: 'x', g2: 'y', unseen: 'x' });

  it('scores each worker on gold items only, with intervals', () => {
    const [wa, wb, wc] = r.workers;
    expect([wa.correct, wa.total, wb.correct, wb.total]).toEqual([2, 2, 0, 1]);
    expect(value(wa.accuracy).estimate).toBe(1);
    expect(value(wb.accuracy).estimate).toBe(0);
    expect(wc.accuracy.defined).toBe(false);
    expect(value(r.overall).estimate).toBeCloseTo(2 / 3, 12);
  });
});

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
