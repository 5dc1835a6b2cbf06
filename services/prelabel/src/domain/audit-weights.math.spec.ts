import { crossFittedPrecision, scoredFromStored, storedPair, thresholdForPrecision, type Scored } from './calibration.math';
import { auditWeight } from './routing.rule';
import { rng } from './text.classifier';

/**
 * Once a model auto-accepts, humans label what it was unsure of and a blind audit share of the
 * rest: the next model's held-out answers over-represent hard items. An audited label stands for
 * 1 / audit rate of the confident arrivals in the coverage a threshold reports (decision 81).
 */
describe('the share of arrivals a threshold takes, from labels that reached the humans by route', () => {
  const AUDIT_RATE = 0.1;
  const OLD_THRESHOLD = 0.85;
  // Arrivals: the previous model's confidence decided the route; the new model's confidence is
  // calibrated (right with that probability) and correlated with it.
  function arrivals(seed: number, n = 6000) {
    const r = rng(seed);
    return Array.from({ length: n }, () => {
      const newConf = 0.5 + 0.5 * Math.sqrt(r());
      const oldConf = Math.min(1, Math.max(0.5, newConf + (r() - 0.5) * 0.2));
      return { oldConf, newConf, correct: r() < newConf, auditDraw: r() };
    });
  }
  // Below the old threshold every item went to the humans; above it only the audited tenth.
  const labeled = (all: ReturnType<typeof arrivals>) =>
    all.filter((a) => a.oldConf < OLD_THRESHOLD || a.auditDraw < AUDIT_RATE).map((a) => ({ confidence: a.newConf, correct: a.correct, audited: a.oldConf >= OLD_THRESHOLD }));

  it('weighted, the labels report the share of arrivals the threshold takes; unweighted they under-report it; the threshold and its precision are the same either way', () => {
    let found = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const all = arrivals(seed);
      const weight = auditWeight(AUDIT_RATE);
      const sample = labeled(all);
      const weighted: Scored[] = sample.map((s) => ({ confidence: s.confidence, correct: s.correct, weight: weight(s.audited) }));
      const unweighted: Scored[] = sample.map((s) => ({ confidence: s.confidence, correct: s.correct }));
      const w = thresholdForPrecision(weighted, 0.95, 30);
      const u = thresholdForPrecision(unweighted, 0.95, 30);
      expect({ ...w, coverage: 0 }).toEqual({ ...u, coverage: 0 });
      if (w.threshold === null) continue;
      found++;
      const realShare = all.filter((a) => a.newConf >= w.threshold!).length / all.length;
      expect(Math.abs(w.coverage - realShare)).toBeLessThan(0.05);
      expect(u.coverage).toBeLessThan(realShare - 0.1);
      const cw = crossFittedPrecision(weighted, 0.95, 30);
      const cu = crossFittedPrecision(unweighted, 0.95, 30);
      expect(cw.precision).toBe(cu.precision);
      expect(cw.coverage).toBeGreaterThan(cu.coverage + 0.02);
    }
    expect(found).toBeGreaterThanOrEqual(8);
  });

  it('a weight counts like that many copies of the answer in the coverage only', () => {
    const base: Scored[] = [
      ...Array.from({ length: 40 }, (_, i) => ({ confidence: 0.97, correct: i < 39 })),
      ...Array.from({ length: 60 }, (_, i) => ({ confidence: 0.7, correct: i < 45 })),
    ];
    const heavy = base.map((p) => (p.confidence > 0.9 ? { ...p, weight: 3 } : p));
    const copies = base.flatMap((p) => (p.confidence > 0.9 ? [p, p, p] : [p]));
    const a = thresholdForPrecision(heavy, 0.9, 30);
    expect(a).toMatchObject({ threshold: 0.97, support: 40 });
    expect(a.coverage).toBeCloseTo(thresholdForPrecision(copies, 0.9, 30).coverage, 12); // 120 of 180
    expect(a.coverage).toBeCloseTo(120 / 180, 12);
    expect(a.precision).toBe(thresholdForPrecision(base, 0.9, 30).precision);
    // No evidence from a weight: at 0.955 the 40 answers do not clear one standard error, 120 copies would.
    expect(thresholdForPrecision(heavy, 0.955, 30).threshold).toBeNull();
    expect(thresholdForPrecision(copies, 0.955, 30).threshold).toBe(0.97);
  });

  it('audit weights: 1 / audit rate for an audited label, 1 otherwise or without audits; stored pairs keep a weight that is not 1', () => {
    expect(auditWeight(0.1)(true)).toBeCloseTo(10, 12);
    expect(auditWeight(0.1)(false)).toBe(1);
    expect(auditWeight(0)(true)).toBe(1);
    expect(auditWeight(1)(true)).toBe(1);
    expect(storedPair({ confidence: 0.1234567, correct: true })).toEqual([0.123457, 1]);
    expect(storedPair({ confidence: 0.9, correct: false, pCorrect: -0.05, weight: 10 })).toEqual([0.9, -0.05, 10]);
    expect(scoredFromStored([0.9, -0.05, 10], (c) => c)).toEqual({ confidence: 0.9, correct: false, pCorrect: -0.05, weight: 10 });
    expect(scoredFromStored([0.9, 1], (c) => c / 2)).toEqual({ confidence: 0.45, correct: true, pCorrect: 1 });
  });
});
