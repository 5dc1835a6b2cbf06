import { applyCalibration, chooseCalibration, crossFittedPrecision, expectedCalibrationError, fitPlatt, thresholdForPrecision, type Scored } from './calibration.math';
import { rng } from './text.classifier';

/** Answers whose chance of being right is truth(raw), drawn with a fixed seed. */
function drawn(n: number, truth: (raw: number) => number, seed = 3): Scored[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => {
    const confidence = 0.5 + random() * 0.5;
    return { confidence, correct: random() < truth(confidence) };
  });
}

describe('calibration chosen by cross-validated ECE', () => {
  it('Platt recovers a logistic relation between the raw confidence and being right', () => {
    const logit = (x: number) => Math.log(x / (1 - x));
    const truth = (raw: number) => 1 / (1 + Math.exp(-(0.5 * logit(raw) + 0.3)));
    const map = fitPlatt(drawn(20000, truth));
    expect(map.kind).toBe('platt');
    expect(map.platt!.a).toBeCloseTo(0.5, 1);
    expect(map.platt!.b).toBeCloseTo(0.3, 1);
    for (const raw of [0.6, 0.8, 0.95]) expect(Math.abs(applyCalibration(map, raw) - truth(raw))).toBeLessThan(0.01);
  });

  it('keeps the raw confidence when no fitted map measures better (never worse than raw)', () => {
    // Exactly calibrated: at confidence c, a share c of the answers is right, in every fold.
    const pairs: Scored[] = [];
    for (let r = 0; r < 20; r++) for (const c of [0.6, 0.7, 0.8, 0.9, 1]) for (let j = 0; j < 10; j++) pairs.push({ confidence: c, correct: j < c * 10 });
    const { map, ece } = chooseCalibration(pairs);
    expect(ece.identity).toBeCloseTo(0, 12);
    expect(map.kind).toBe('identity');
    expect(applyCalibration(map, 0.73)).toBe(0.73);
  });

  it('the kept method is the one with the lowest cross-validated ECE', () => {
    const { map, ece } = chooseCalibration(drawn(3000, (raw) => raw));
    expect(ece[map.kind]).toBe(Math.min(ece.identity, ece.platt, ece.isotonic));
  });

  it('calibrates an overconfident model, and the kept map measures better than raw on fresh answers', () => {
    const truth = (raw: number) => 0.5 + (raw - 0.5) * 0.6; // says 0.99 when right at 0.794
    const { map, ece } = chooseCalibration(drawn(3000, truth));
    expect(map.kind).not.toBe('identity');
    expect(ece[map.kind]).toBeLessThan(ece.identity);
    const fresh = drawn(3000, truth, 77);
    const after = expectedCalibrationError(fresh.map((p) => ({ ...p, confidence: applyCalibration(map, p.confidence) })));
    expect(after).toBeLessThan(expectedCalibrationError(fresh) / 3);
  });

  it('picks isotonic when the relation is a step that no logistic curve follows', () => {
    const { map } = chooseCalibration(drawn(4000, (raw) => (raw < 0.8 ? 0.55 : 0.97)));
    expect(map.kind).toBe('isotonic');
  });

  it('a fitted slope never reverses the order of confidences', () => {
    const map = fitPlatt(drawn(2000, (raw) => 1.4 - raw));
    expect(map.platt!.a).toBeGreaterThan(0);
    expect(applyCalibration(map, 0.9)).toBeGreaterThan(applyCalibration(map, 0.6));
  });
});

describe('cross-fitted precision of the threshold rule', () => {
  it('measures each half’s threshold on the other half: where the in-sample figure is flattered, it is not', () => {
    // Right at 0.93 at every confidence: a set that shows ≥ 0.95 does so by luck.
    const plain = { rule: 'max-coverage', z: 0 } as const;
    const inSample: number[] = [];
    const crossed: number[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const pairs = drawn(600, () => 0.93, seed);
      const a = thresholdForPrecision(pairs, 0.95, 30, plain).precision;
      const b = crossFittedPrecision(pairs, 0.95, 30, plain).precision;
      if (a !== null) inSample.push(a);
      if (b !== null) crossed.push(b);
    }
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    expect(inSample.length).toBeGreaterThanOrEqual(15);
    expect(mean(inSample)).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(mean(crossed) - 0.93)).toBeLessThan(0.015);
  });

  it('on a model that is right where it is sure, agrees with the truth and covers the sure part', () => {
    const pairs = drawn(1000, (raw) => (raw >= 0.75 ? 0.99 : 0.6), 5);
    const crossed = crossFittedPrecision(pairs, 0.95, 30);
    expect(crossed.precision!).toBeGreaterThan(0.95);
    expect(crossed.coverage).toBeGreaterThan(0.4);
    expect(crossed.coverage).toBeLessThan(0.6);
  });

  it('is null when neither half finds a threshold', () => {
    expect(crossFittedPrecision(drawn(200, () => 0.7), 0.95, 30)).toEqual({ precision: null, coverage: 0, support: 0 });
  });
});
