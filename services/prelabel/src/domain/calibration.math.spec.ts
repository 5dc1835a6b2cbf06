import { applyCalibration, expectedCalibrationError, fitIsotonic, fitPlatt, selectCalibration, thresholdForPrecision, type Scored } from './calibration.math';
import { rng } from './text.classifier';
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

  it('Platt scaling: non-decreasing, and turns an overconfident model into an honest one', () => {
    const pairs = Array.from({ length: 1000 }, (_, i) => ({ confidence: 0.5 + (i % 50) / 100, correct: i % 10 < 7 })); // always 70 % right
    const map = fitPlatt(pairs);
    expect(map.kind).toBe('platt');
    for (let c = 0.5; c < 1; c += 0.05) expect(applyCalibration(map, c + 0.05)).toBeGreaterThanOrEqual(applyCalibration(map, c));
    expect(applyCalibration(map, 0.99)).toBeCloseTo(0.7, 1);
    // Right more often when more confident: a rising map that separates the two ends.
    const graded = Array.from({ length: 1000 }, (_, i) => ({ confidence: 0.5 + (i % 50) / 100, correct: (i * 7919) % 100 < 100 * (0.3 + 0.6 * ((i % 50) / 50)) }));
    const rising = fitPlatt(graded);
    expect(applyCalibration(rising, 0.95)).toBeGreaterThan(applyCalibration(rising, 0.55) + 0.3);
    expect(expectedCalibrationError(pairs.map((p) => ({ ...p, confidence: applyCalibration(map, p.confidence) })))).toBeLessThan(0.05);
  });

  it('calibration selection: Platt or isotonic when they beat raw on held-out folds, raw when both are worse', () => {
    const random = rng(5);
    // Overconfident: says 0.9–1.0, right 75 % of the time.
    const over: Scored[] = Array.from({ length: 600 }, () => ({ confidence: 0.9 + 0.1 * random(), correct: random() < 0.75 }));
    const fixed = selectCalibration(over, 5, 1);
    expect(fixed.method).not.toBe('raw');
    expect(fixed.ece[fixed.method]).toBeLessThan(fixed.ece.raw / 2);
    expect(fixed.crossFitted).toHaveLength(over.length);
    // Already calibrated exactly (in every bin, accuracy = confidence): nothing can beat raw's ECE of 0.
    const exact: Scored[] = [0.55, 0.65, 0.75, 0.85, 0.95].flatMap((c) => Array.from({ length: 40 }, (_, i) => ({ confidence: c, correct: i < Math.round(c * 40) })));
    const kept = selectCalibration(exact, 5, 1);
    expect(kept.ece.raw).toBeCloseTo(0, 10);
    expect(kept.method).toBe('raw');
    expect(applyCalibration(kept.map, 0.8)).toBe(0.8);
    expect(kept.ece.platt).toBeGreaterThan(0);
    expect(kept.ece.isotonic).toBeGreaterThan(0);
  });

  it('calibration selection is never worse than raw on held-out folds (200 random data sets)', () => {
    const random = rng(9);
    for (let d = 0; d < 200; d++) {
      const skew = 0.5 + random(); // under- to overconfident
      const n = 40 + Math.floor(random() * 300);
      const pairs: Scored[] = Array.from({ length: n }, () => {
        const c = 0.5 + 0.5 * random();
        return { confidence: c, correct: random() < Math.min(1, Math.max(0, 0.5 + (c - 0.5) / skew)) };
      });
      const s = selectCalibration(pairs, 5, d);
      expect(s.ece[s.method]).toBeLessThanOrEqual(s.ece.raw);
      expect(s.ece[s.method]).toBe(Math.min(s.ece.raw, s.ece.platt, s.ece.isotonic));
    }
  });

  it('threshold: smallest confidence whose precision ≥ target, none when unreachable or too few', () => {
    const pairs = [
      ...Array.from({ length: 50 }, () => ({ confidence: 0.95, correct: true })),
      ...Array.from({ length: 50 }, (_, i) => ({ confidence: 0.7, correct: i < 40 })),
    ];
    expect(thresholdForPrecision(pairs, 0.95, 30)).toMatchObject({ threshold: 0.95, precision: 1, support: 50 });
    expect(thresholdForPrecision(pairs, 0.9, 30)).toMatchObject({ threshold: 0.7, precision: 0.9, coverage: 1 });
    expect(thresholdForPrecision(pairs, 0.95, 60).threshold).toBeNull();
  });

  it('threshold: a dip in precision above the threshold does not stop the walk; the accepted set must meet the target', () => {
    const pairs = [
      ...Array.from({ length: 30 }, (_, i) => ({ confidence: 0.99, correct: i >= 3 })), // 27/30 = 0.9
      ...Array.from({ length: 70 }, () => ({ confidence: 0.9, correct: true })),
      ...Array.from({ length: 20 }, () => ({ confidence: 0.6, correct: false })),
    ];
    expect(thresholdForPrecision(pairs, 0.95, 30)).toMatchObject({ threshold: 0.9, precision: 0.97, support: 100 });
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
