import {
  applyCalibration,
  expectedCalibrationError,
  foldsOf,
  selectCalibration,
  thresholdForPrecision,
  type CalibrationMap,
  type CalibrationMethod,
  type IsotonicMap,
  type Scored,
  type ThresholdChoice,
} from './calibration.math';
import { rng, shuffle, TextClassifier, type ClassifierOptions, type TrainingExample } from './text.classifier';

export interface CalibrationReport {
  /** Held-out (out-of-fold) answers behind the calibration. */
  heldOut: number;
  /** Held-out accuracy of the top class. */
  accuracy: number;
  /** ECE of the raw confidence on held-out answers. */
  eceRaw: number;
  /** Cross-validated ECE of the chosen calibration (equal to eceRaw when raw is kept). */
  eceCalibrated: number;
  /** The calibration chosen by cross-validated ECE, and every candidate's ECE. */
  calibration: { method: CalibrationMethod; ece: Record<CalibrationMethod, number> };
  /**
   * The threshold for the target precision (null threshold: no auto-accept), picked on the
   * pooled cross-fitted calibrated answers. Its precision, coverage and support are the nested
   * cross-fitted estimate: each fold judged by a calibration and threshold chosen without it, so
   * the precision reported was not used to pick the threshold.
   */
  choice: ThresholdChoice;
  /** Target precision the threshold was derived for; null if the project gives none. */
  targetPrecision: number | null;
}

export interface TrainedModel {
  classifier: TextClassifier;
  calibration: IsotonicMap;
  report: CalibrationReport;
  /** The held-out (raw confidence, correct) pairs behind the calibration. */
  pairs: Scored[];
  /**
   * Out-of-fold prediction of every example, by its position in the `examples` given: the
   * label a fold model that never saw the example predicts for it.
   */
  outOfFold: { index: number; label: string; confidence: number }[];
}

/** Folds of the calibration and threshold cross-fitting over held-out pairs. */
export const CALIBRATION_FOLDS = 5;
const PAIR_SEED = 23;

const NO_THRESHOLD: ThresholdChoice = { threshold: null, precision: null, coverage: 0, support: 0 };

/** Calibration and threshold from held-out pairs alone (what a fold of the nested estimate does). */
function fitRule(pairs: Scored[], target: number, minSupport: number): { map: CalibrationMap; threshold: number | null } {
  const s = selectCalibration(pairs, CALIBRATION_FOLDS, PAIR_SEED);
  return { map: s.map, threshold: thresholdForPrecision(s.crossFitted, target, minSupport).threshold };
}

/**
 * Nested cross-fitted estimate of the rule "calibrate, then auto-accept at the threshold": for
 * each fold, calibration and threshold are chosen on the other folds and applied to this one;
 * the accepted answers of every fold, pooled, give precision, coverage and support.
 */
function crossFittedChoice(pairs: Scored[], threshold: number | null, target: number, minSupport: number): ThresholdChoice {
  if (threshold === null) return NO_THRESHOLD;
  const fold = foldsOf(pairs.length, CALIBRATION_FOLDS, PAIR_SEED + 1);
  let accepted = 0;
  let correct = 0;
  for (let f = 0; f < CALIBRATION_FOLDS; f++) {
    const inner = pairs.filter((_, i) => fold[i] !== f);
    // The fold's own share of the support: minSupport scaled to the inner set.
    const rule = fitRule(inner, target, Math.ceil((minSupport * inner.length) / pairs.length));
    if (rule.threshold === null) continue;
    pairs.forEach((p, i) => {
      if (fold[i] !== f || applyCalibration(rule.map, p.confidence) < rule.threshold!) return;
      accepted++;
      if (p.correct) correct++;
    });
  }
  return { threshold, precision: accepted ? correct / accepted : null, coverage: pairs.length ? accepted / pairs.length : 0, support: accepted };
}

/**
 * Calibration report of raw held-out (confidence, correct) pairs: raw, Platt or isotonic chosen
 * by cross-validated ECE (never worse than raw) and fitted on all pairs; the threshold for the
 * target precision picked on the cross-fitted calibrated pairs, and its precision estimated by
 * nested cross-fitting. Shared by both backends (the LLM's pairs come from its drafts later
 * labeled by humans).
 */
export function calibrate(pairs: Scored[], targetPrecision: number | null, minSupport: number): { map: IsotonicMap; report: CalibrationReport } {
  const selection = selectCalibration(pairs, CALIBRATION_FOLDS, PAIR_SEED);
  const threshold = targetPrecision === null ? null : thresholdForPrecision(selection.crossFitted, targetPrecision, minSupport).threshold;
  return {
    map: selection.map,
    report: {
      heldOut: pairs.length,
      accuracy: pairs.length ? pairs.filter((p) => p.correct).length / pairs.length : 0,
      eceRaw: expectedCalibrationError(pairs),
      eceCalibrated: selection.ece[selection.method],
      calibration: { method: selection.method, ece: selection.ece },
      choice: targetPrecision === null ? NO_THRESHOLD : crossFittedChoice(pairs, threshold, targetPrecision, minSupport),
      targetPrecision,
    },
  };
}

/**
 * Trains the local model for one (project, question): k-fold out-of-fold predictions give
 * held-out (confidence, correct) pairs for calibration and the threshold; the served model is
 * then trained on every label.
 */
export function trainLocalModel(
  examples: TrainingExample[],
  classes: string[],
  opts: { folds: number; targetPrecision: number | null; minSupport: number; classifier?: Partial<ClassifierOptions> },
): TrainedModel {
  // The shuffle depends only on the length and the seed: indexed copies keep the same order.
  const indexed = shuffle(
    examples.map((e, index) => ({ e, index })),
    rng(opts.classifier?.seed ?? 11),
  );
  const data = indexed.map((x) => x.e);
  const folds = Math.max(2, Math.min(opts.folds, data.length));
  const pairs: Scored[] = [];
  const outOfFold: TrainedModel['outOfFold'] = [];
  for (let f = 0; f < folds; f++) {
    const train = data.filter((_, i) => i % folds !== f);
    const test = indexed.filter((_, i) => i % folds === f);
    if (!train.length || !test.length) continue;
    const m = TextClassifier.train(train, classes, opts.classifier);
    for (const { e, index } of test) {
      const p = m.predict(e.text);
      pairs.push({ confidence: p.confidence, correct: p.label === e.label });
      outOfFold.push({ index, label: p.label, confidence: p.confidence });
    }
  }
  const { map, report } = calibrate(pairs, opts.targetPrecision, opts.minSupport);
  return { classifier: TextClassifier.train(data, classes, opts.classifier), calibration: map, report, pairs, outOfFold };
}
