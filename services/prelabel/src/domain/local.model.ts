import {
  applyCalibration,
  chooseCalibration,
  crossFittedPrecision,
  DEFAULT_THRESHOLD_RULE,
  thresholdForPrecision,
  type CalibrationMap,
  type CalibrationMethod,
  type CrossFittedPrecision,
  type Scored,
  type ThresholdChoice,
  type ThresholdRule,
} from './calibration.math';
import { DEFAULT_CLASSIFIER_OPTIONS, rng, shuffle, TextClassifier, type ClassifierOptions, type TrainingExample } from './text.classifier';
import { featurize } from './text.features';

export interface CalibrationReport {
  /** Held-out (out-of-fold) answers behind the calibration. */
  heldOut: number;
  /** Held-out accuracy of the top class. */
  accuracy: number;
  /** ECE of the raw confidence on held-out answers. */
  eceRaw: number;
  /** ECE of the kept calibration, cross-validated (each fold's map measured on answers it was not fitted on). */
  eceCalibrated: number;
  /** The calibration kept: the lowest cross-validated ECE, raw on a tie (calibration.math chooseCalibration). */
  calibrationMethod?: CalibrationMethod;
  /** Cross-validated ECE of each method (identity = raw). */
  eceByMethod?: Record<CalibrationMethod, number>;
  /**
   * The threshold choice for the target precision (null threshold: no auto-accept). Its
   * `precision` is measured on the answers it was picked on, so it flatters; see `crossFitted`.
   */
  choice: ThresholdChoice;
  /** What the threshold rule delivers on answers it was not picked on (null without a target). */
  crossFitted?: CrossFittedPrecision | null;
  /** Target precision the threshold was derived for; null if the project gives none. */
  targetPrecision: number | null;
  /** Passes over the labels the served model was trained with (chosen on held-out answers; see bestEpochs). */
  epochs?: number;
}

export interface TrainedModel {
  classifier: TextClassifier;
  calibration: CalibrationMap;
  report: CalibrationReport;
  /** The held-out (raw confidence, correct) pairs behind the calibration. */
  pairs: Scored[];
  /**
   * Out-of-fold prediction of every example, by its position in the `examples` given: the
   * label a fold model that never saw the example predicts for it.
   */
  outOfFold: { index: number; label: string; confidence: number }[];
}

/**
 * Calibration report of raw held-out (confidence, correct) pairs: isotonic map on all pairs,
 * cross-fitted calibrated ECE, threshold for the target precision on calibrated confidence.
 * Shared by both backends (the LLM's pairs come from its drafts later labeled by humans).
 */
export function calibrate(pairs: Scored[], targetPrecision: number | null, minSupport: number, how: ThresholdRule = DEFAULT_THRESHOLD_RULE): { map: CalibrationMap; report: CalibrationReport } {
  const { map, ece } = chooseCalibration(pairs);
  const calibrated = pairs.map((p) => ({ ...p, confidence: applyCalibration(map, p.confidence) }));
  return {
    map,
    report: {
      heldOut: pairs.length,
      accuracy: pairs.length ? pairs.filter((p) => p.correct).length / pairs.length : 0,
      eceRaw: ece.identity,
      eceCalibrated: ece[map.kind],
      calibrationMethod: map.kind,
      eceByMethod: ece,
      choice:
        targetPrecision === null
          ? { threshold: null, precision: null, coverage: 0, support: 0 }
          : thresholdForPrecision(calibrated, targetPrecision, minSupport, how),
      crossFitted: targetPrecision === null ? null : crossFittedPrecision(pairs, targetPrecision, minSupport, how),
      targetPrecision,
    },
  };
}

/**
 * What a held-out answer is checked against. `hard`: the label as given, right or wrong.
 * `soft`: the label with its confidence c (the aggregation's posterior, or the expert's stated
 * confidence). Crowd labels are wrong now and then, and against hard labels a model that is
 * right more often than its labels can never show the target precision: agreement with a label
 * right with probability c is a·c + (1 − a)·(1 − c)/(K − 1) for a model right with probability
 * a, when the two err independently. Each answer then counts for the unbiased estimate of a:
 * (1[agrees] − e) / (c − e), e = (1 − c)/(K − 1) (Natarajan et al., NeurIPS 2013). Its mean over
 * a set of answers estimates the model's precision on them against the truth. c is floored at
 * MIN_LABEL_CONFIDENCE so a near-coin-flip label cannot swing the estimate; an overstated c
 * (an overconfident aggregation or expert) makes the estimate lower, never higher.
 */
export type LabelEvidence = 'hard' | 'soft';

export const MIN_LABEL_CONFIDENCE = 0.75;

/** What one held-out answer counts for against a label of confidence c (see LabelEvidence `soft`). */
export function correctedCredit(agrees: boolean, labelConfidence: number, classes: number): number {
  const k = Math.max(2, classes);
  const c = Math.min(1, Math.max(MIN_LABEL_CONFIDENCE, labelConfidence));
  const e = (1 - c) / (k - 1);
  return ((agrees ? 1 : 0) - e) / (c - e);
}

/**
 * Trains the local model for one (project, question): k-fold out-of-fold predictions give
 * held-out (confidence, correct) pairs for calibration and the threshold; the served model is
 * then trained on every label.
 */
export function trainLocalModel(
  examples: TrainingExample[],
  classes: string[],
  opts: {
    folds: number;
    targetPrecision: number | null;
    minSupport: number;
    classifier?: Partial<ClassifierOptions>;
    /** Default `soft`: each example's `confidence` (an example without one counts as certain). */
    evidence?: LabelEvidence;
    /** How the threshold is picked (default DEFAULT_THRESHOLD_RULE). */
    threshold?: ThresholdRule;
    /**
     * Examples that only train, never held out, calibrated or scored (weak labels of items
     * without a decided label, as soft labels): every fold model and the served one learn from
     * them; the pairs, calibration and threshold come from `examples` alone.
     */
    trainOnly?: TrainingExample[];
    /**
     * What the held-out answer on `examples[index]` counts for (soft evidence only; default the
     * corrected credit of its label's confidence): label checks credit answers differently
     * (label-check.policy heldOutCredit).
     */
    creditOf?: (index: number, agrees: boolean) => number;
  },
): TrainedModel {
  const extra = opts.trainOnly ?? [];
  const soft = (opts.evidence ?? 'soft') === 'soft';
  // The shuffle depends only on the length and the seed: indexed copies keep the same order.
  const indexed = shuffle(
    examples.map((e, index) => ({ e, index })),
    rng(opts.classifier?.seed ?? 11),
  );
  const data = indexed.map((x) => x.e);
  const folds = Math.max(2, Math.min(opts.folds, data.length));
  const maxEpochs = opts.classifier?.epochs ?? DEFAULT_CLASSIFIER_OPTIONS.epochs;
  // Every fold model's held-out answers after each pass: the pass count is chosen on them.
  const byEpoch: { index: number; label: string; confidence: number; p: number[]; e: TrainingExample }[][] = Array.from({ length: maxEpochs }, () => []);
  for (let f = 0; f < folds; f++) {
    const train = data.filter((_, i) => i % folds !== f);
    // Featurized once: each held-out text is scored after every pass.
    const test = indexed.filter((_, i) => i % folds === f).map((t) => ({ ...t, x: featurize(t.e.text, opts.classifier?.features) }));
    if (!train.length || !test.length) continue;
    TextClassifier.train(extra.length ? [...train, ...extra] : train, classes, { ...opts.classifier, epochs: maxEpochs }, (epochs, m) => {
      for (const { e, index, x } of test) {
        const p = m.probaOf(x);
        const top = m.topOf(p);
        byEpoch[epochs - 1]!.push({ index, label: top.label, confidence: top.confidence, p, e });
      }
    });
  }
  const epochs = bestEpochs(byEpoch, classes);
  const pairs: Scored[] = [];
  const outOfFold: TrainedModel['outOfFold'] = [];
  for (const { index, label, confidence, e } of byEpoch[epochs - 1] ?? []) {
    const correct = label === e.label;
    const pCorrect = opts.creditOf ? opts.creditOf(index, correct) : correctedCredit(correct, e.confidence ?? 1, classes.length);
    const weight = e.weight === undefined || e.weight === 1 ? {} : { weight: e.weight };
    pairs.push(soft ? { confidence, correct, pCorrect, ...weight } : { confidence, correct, ...weight });
    outOfFold.push({ index, label, confidence });
  }
  const { map, report } = calibrate(pairs, opts.targetPrecision, opts.minSupport, opts.threshold);
  return {
    classifier: TextClassifier.train(extra.length ? [...data, ...extra] : data, classes, { ...opts.classifier, epochs }),
    calibration: map,
    report: { ...report, epochs },
    pairs,
    outOfFold,
  };
}

/**
 * The pass count (1 … max) whose out-of-fold answers have the lowest mean log-loss against the
 * labels, each weighted by its confidence. Noisy labels are learnt by heart if the classifier
 * passes over them too often; with few labels, fewer passes generalise better, with many, more.
 * Ties go to fewer passes.
 */
export function bestEpochs(byEpoch: { p: number[]; e: TrainingExample }[][], classes: readonly string[]): number {
  let best = byEpoch.length;
  let bestLoss = Infinity;
  byEpoch.forEach((answers, i) => {
    if (!answers.length) return;
    let loss = 0;
    let weight = 0;
    for (const { p, e } of answers) {
      const w = e.confidence ?? 1;
      loss -= w * Math.log(Math.max(1e-12, p[classes.indexOf(e.label)] ?? 0));
      weight += w;
    }
    loss /= weight;
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      best = i + 1;
    }
  });
  return best;
}
