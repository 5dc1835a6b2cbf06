import { applyCalibration, credit, expectedCalibrationError, fitIsotonic, thresholdForPrecision } from './calibration.math';
import { uncertainty, selectMostInformative } from './uncertainty.math';
import { auditDraw, routeOf } from './routing.rule';
import { costMicroUsd } from './cost.math';

describe('calibration, threshold, uncertainty, routing', () => {
  it('isotonic map is monotone and turns an overconfident model into an honest one', () => {
    const pairs = Array.from({ length: 1000 }, (_, i) => ({ confidence: 0.5 + (i % 50) / 100, correct: i % 10 < 7 })); // always 70 % right
    const map = fitIsotonic(pairs);
    for (let i = 1; i < map.knots.length; i++) expect(map.knots[i]![1]).toBeGreaterThanOrEqual(map.knots[i - 1]![1]);
    expect(applyCalibration(map, 0.99)).toBeCloseTo(0.7, 1);
    expect(expectedCalibrationError(pairs)).toBeGreaterThan(0.0);
    expect(expectedCalibrationError(pairs.map((p) => ({ ...p, confidence: applyCalibration(map, p.confidence) })))).toBeLessThan(0.05);
  });

  it('threshold: smallest confidence whose precision ≥ target, none when unreachable or too few', () => {
    const pairs = [
      ...Array.from({ length: 50 }, () => ({ confidence: 0.95, correct: true })),
      ...Array.from({ length: 50 }, (_, i) => ({ confidence: 0.7, correct: i < 40 })),
    ];
    const plain = { rule: 'max-coverage', z: 0 } as const;
    expect(thresholdForPrecision(pairs, 0.95, 30, plain)).toMatchObject({ threshold: 0.95, precision: 1, support: 50 });
    expect(thresholdForPrecision(pairs, 0.9, 30, plain)).toMatchObject({ threshold: 0.7, precision: 0.9, coverage: 1 });
    expect(thresholdForPrecision(pairs, 0.95, 60, plain).threshold).toBeNull();
    // The default bar is one standard error above the target: 0.9 over 100 answers (sd 0.3) is not enough for 0.9.
    expect(thresholdForPrecision(pairs, 0.9, 30)).toMatchObject({ threshold: 0.95 });
    expect(thresholdForPrecision(pairs, 0.86, 30)).toMatchObject({ threshold: 0.7 });
  });

  it('threshold: max coverage looks past an unlucky top set; first violation stops there', () => {
    // 30 at the top with 2 wrong (0.933), then 90 more all right: 118/120 = 0.983 over all.
    const pairs = [
      ...Array.from({ length: 30 }, (_, i) => ({ confidence: 0.99, correct: i >= 2 })),
      ...Array.from({ length: 90 }, () => ({ confidence: 0.9, correct: true })),
    ];
    expect(thresholdForPrecision(pairs, 0.95, 30, { rule: 'first-violation', z: 0 }).threshold).toBeNull();
    expect(thresholdForPrecision(pairs, 0.95, 30, { rule: 'max-coverage', z: 0 })).toMatchObject({ threshold: 0.9, support: 120 });
    expect(thresholdForPrecision(pairs, 0.95, 30)).toMatchObject({ threshold: 0.9 });
  });

  it('threshold: a corrected credit (pCorrect) counts instead of right or wrong, and the reported precision stays ≤ 1', () => {
    const pairs = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.9, correct: i >= 5, pCorrect: i >= 5 ? 1.05 : -0.05 }));
    expect(credit(pairs[0]!)).toBe(-0.05);
    expect(credit({ confidence: 0.9, correct: true })).toBe(1);
    const choice = thresholdForPrecision(pairs, 0.95, 30, { rule: 'max-coverage', z: 0 });
    expect(choice.threshold).toBe(0.9);
    expect(choice.precision!).toBeLessThanOrEqual(1);
    expect(choice.precision!).toBeCloseTo(0.995, 3);
    // Isotonic knots stay probabilities even when credits average above 1.
    const map = fitIsotonic(Array.from({ length: 50 }, () => ({ confidence: 0.9, correct: true, pCorrect: 1.05 })));
    expect(map.knots.every(([, y]) => y >= 0 && y <= 1)).toBe(true);
  });

  it('uncertainty: least confidence, margin, entropy', () => {
    expect(uncertainty([0.9, 0.1], 'least_confidence')).toBeCloseTo(0.1);
    expect(uncertainty([0.5, 0.3, 0.2], 'margin')).toBeCloseTo(0.8);
    expect(uncertainty([0.5, 0.5], 'entropy')).toBeCloseTo(1);
    expect(selectMostInformative([{ uncertainty: 0.1 }, { uncertainty: 0.9 }, { uncertainty: 0.5 }], 2).map((c) => c.uncertainty)).toEqual([0.9, 0.5]);
  });

  it('routing: threshold, audit share, no draft', () => {
    expect(routeOf({ hasDraft: false, threshold: 0.9, auditRate: 0, taskId: 't' })).toBe('human_without_draft');
    expect(routeOf({ hasDraft: true, calibrated: 0.8, threshold: 0.9, auditRate: 0, taskId: 't' })).toBe('human_with_draft');
    expect(routeOf({ hasDraft: true, calibrated: 0.95, threshold: null, auditRate: 0, taskId: 't' })).toBe('human_with_draft');
    expect(routeOf({ hasDraft: true, calibrated: 0.95, threshold: 0.9, auditRate: 0, taskId: 't' })).toBe('auto_accept');
    const audited = Array.from({ length: 4000 }, (_, i) => auditDraw(`task-${i}`, 0.2)).filter(Boolean).length;
    expect(audited / 4000).toBeGreaterThan(0.17);
    expect(audited / 4000).toBeLessThan(0.23);
  });

  it('cost: tokens × price per 1k', () => {
    expect(costMicroUsd({ promptTokens: 1500, completionTokens: 20 }, { promptPer1k: 0.15, completionPer1k: 0.6 })).toBe(225000 + 12000);
  });
});
