/** One scored answer with known truth: the model's confidence and whether it was right. */
export interface Scored {
  confidence: number;
  correct: boolean;
  /**
   * What the answer counts for where the label it is checked against is itself uncertain: an
   * unbiased estimate of its being right (see local.model's LabelEvidence; it may fall outside
   * [0, 1], its mean over many answers does not). Without it, `correct` counts as 1 or 0.
   */
  pCorrect?: number;
  /**
   * How many arriving items the answer stands for (default 1): the inverse of the chance its item
   * was sent to humans at all. Once a model auto-accepts, humans label the items it was unsure of
   * and only an audited share of the rest, so an audited item's label stands for 1 / audit rate
   * of them. It weighs the coverage a threshold reports (the share of arrivals it takes), not the
   * precision, the calibration or the evidence (decision 81).
   */
  weight?: number;
}

/** What a scored answer counts for (see `pCorrect`), else 1 or 0. */
export function credit(p: Scored): number {
  return p.pCorrect ?? (p.correct ? 1 : 0);
}

/** How many arriving items a scored answer stands for (see `weight`). */
export function weightOf(p: Scored): number {
  return p.weight ?? 1;
}

const totalWeight = (pairs: readonly Scored[]) => pairs.reduce((s, p) => s + weightOf(p), 0);

/**
 * A monotone map raw confidence → calibrated confidence. `isotonic`: knots, linearly
 * interpolated. `platt`: σ(a·logit(raw) + b). `identity`: raw as it is (no knots). Maps stored
 * before Platt and identity existed are all `isotonic`.
 */
export interface CalibrationMap {
  kind: 'isotonic' | 'platt' | 'identity';
  /** [raw, calibrated] knots, raw ascending (isotonic only; empty otherwise). */
  knots: [number, number][];
  /** Platt's slope and intercept on the logit of the raw confidence (platt only). */
  platt?: { a: number; b: number };
  /** Pairs the map was fitted on. */
  n: number;
}

export const IDENTITY_MAP: CalibrationMap = { kind: 'identity', knots: [], n: 0 };

/**
 * Isotonic regression (pool-adjacent-violators) of correctness on confidence. Each block's
 * accuracy is smoothed as (correct + 0.5) / (n + 1), so a small perfect block never maps to a
 * certainty of exactly 1. Knots sit at each block's mean confidence.
 */
export function fitIsotonic(pairs: Scored[]): CalibrationMap {
  const sorted = [...pairs].sort((a, b) => a.confidence - b.confidence);
  const blocks: { sumX: number; sumY: number; n: number }[] = [];
  for (const p of sorted) {
    blocks.push({ sumX: p.confidence, sumY: credit(p), n: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sumY / a.n < b.sumY / b.n) break;
      blocks.splice(blocks.length - 2, 2, { sumX: a.sumX + b.sumX, sumY: a.sumY + b.sumY, n: a.n + b.n });
    }
  }
  // Corrected credits (pCorrect) can take a block's mean outside [0, 1]: a probability is kept in it.
  const knots: [number, number][] = blocks.map((b) => [b.sumX / b.n, Math.min(1, Math.max(0, (b.sumY + 0.5) / (b.n + 1)))]);
  // Smoothing can break monotonicity between a small and a large block: restore it.
  for (let i = 1; i < knots.length; i++) if (knots[i]![1] < knots[i - 1]![1]) knots[i]![1] = knots[i - 1]![1];
  return { kind: 'isotonic', knots, n: pairs.length };
}

const logit = (x: number) => {
  const p = Math.min(1 - 1e-6, Math.max(1e-6, x));
  return Math.log(p / (1 - p));
};

/**
 * Platt scaling: logistic regression of correctness on the logit of the raw confidence, by
 * Newton's method with step halving. The loss Σ log(1 + e^z) − y·z (z = a·logit(raw) + b) is
 * convex for any target y, so a corrected credit (see Scored.pCorrect) counts as it is, outside
 * [0, 1] too: clipping it would pull the curve back to agreement with noisy labels. A ridge
 * pulling a towards 1 (the raw confidence's own slope) keeps a finite where credits above 1 or a
 * separable set would steepen the curve into a step, which would tie every answer above it. A
 * fit that would reverse the order (a ≤ 0) becomes the flattest increasing curve through the
 * mean: a calibration map never reorders the answers.
 */
export function fitPlatt(pairs: Scored[]): CalibrationMap {
  const xs = pairs.map((p) => logit(p.confidence));
  const ys = pairs.map(credit);
  const ridge = 1;
  const softplus = (z: number) => (z > 30 ? z : Math.log1p(Math.exp(z)));
  const loss = (a: number, b: number) => xs.reduce((l, x, i) => l + softplus(a * x + b) - ys[i]! * (a * x + b), 0) + (ridge * (a - 1) * (a - 1)) / 2;
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = ridge * (a - 1), gb = 0, haa = ridge, hab = 0, hbb = 1e-9;
    xs.forEach((x, i) => {
      const q = 1 / (1 + Math.exp(-(a * x + b)));
      const r = q - ys[i]!;
      const w = q * (1 - q);
      ga += r * x;
      gb += r;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = loss(a - da, b - db);
    while (!(next <= current) && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (!(next <= current)) break;
    a -= step * da;
    b -= step * db;
    const done = current - next < 1e-10;
    current = next;
    if (done) break;
  }
  if (!(a > 0) || !Number.isFinite(b)) {
    // No increasing curve fits: the flattest increasing one through the mean.
    const mean = Math.min(1 - 1e-6, Math.max(1e-6, ys.reduce((x, y) => x + y, 0) / Math.max(1, ys.length)));
    const meanX = xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length);
    a = 1e-3;
    b = logit(mean) - a * meanX;
  }
  return { kind: 'platt', knots: [], platt: { a, b }, n: pairs.length };
}

/** Applies the map: Platt's curve; isotonic knots, linear between, constant beyond the ends; identity otherwise. */
export function applyCalibration(map: CalibrationMap | undefined, raw: number): number {
  if (map?.kind === 'platt' && map.platt) return 1 / (1 + Math.exp(-(map.platt.a * logit(raw) + map.platt.b)));
  if (!map || map.knots.length === 0) return raw;
  const k = map.knots;
  if (raw <= k[0]![0]) return k[0]![1];
  const last = k[k.length - 1]!;
  if (raw >= last[0]) return last[1];
  let lo = 0;
  let hi = k.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (k[mid]![0] <= raw) lo = mid;
    else hi = mid;
  }
  const [x0, y0] = k[lo]!;
  const [x1, y1] = k[hi]!;
  return x1 === x0 ? y1 : y0 + ((raw - x0) * (y1 - y0)) / (x1 - x0);
}

/** Expected calibration error: Σ_bins (n_b / N) · |accuracy_b − mean confidence_b|, equal-width bins. */
export function expectedCalibrationError(pairs: Scored[], bins = 10): number {
  if (pairs.length === 0) return 0;
  const n = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const acc = new Array<number>(bins).fill(0);
  for (const p of pairs) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p.confidence * bins)));
    n[b]!++;
    conf[b]! += p.confidence;
    acc[b]! += credit(p);
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (n[b]! > 0) ece += Math.abs(acc[b]! / n[b]! - conf[b]! / n[b]!) * (n[b]! / pairs.length);
  return ece;
}

export interface ThresholdChoice {
  /** Smallest confidence at or above which held-out precision ≥ target; null if none qualifies. */
  threshold: number | null;
  /** Held-out precision of the answers at or above the threshold. */
  precision: number | null;
  /** Share of held-out answers at or above the threshold, by weight: the share of arrivals it would auto-accept. */
  coverage: number;
  /** Held-out answers at or above the threshold. */
  support: number;
}

/** How thresholdForPrecision picks among the candidate thresholds. */
export interface ThresholdRule {
  /**
   * `max-coverage` (default): the smallest threshold whose set {confidence ≥ t} clears the bar.
   * `first-violation`: walking down from the top, stop at the first set that fails it (the rule
   * before decision 63; one unlucky answer among the first `minSupport` ended the walk).
   */
  rule: 'max-coverage' | 'first-violation';
  /**
   * The bar: the set's mean credit minus z standard errors (sd/√n) ≥ target. z = 1 (default)
   * pays for picking the best-looking of many sets (choosing on noisy estimates flatters them).
   */
  z: number;
}

export const DEFAULT_THRESHOLD_RULE: ThresholdRule = { rule: 'max-coverage', z: 1 };

/**
 * The auto-accept threshold from a target precision over held-out scored answers: candidate
 * thresholds are the distinct confidences, each with the set {confidence ≥ t} of at least
 * `minSupport` answers; which one wins is `rule` (see ThresholdRule). Fewer than `minSupport`
 * answers above every candidate, or none clearing the bar: null (no auto-accept).
 */
export function thresholdForPrecision(pairs: Scored[], target: number, minSupport = 30, how: ThresholdRule = DEFAULT_THRESHOLD_RULE): ThresholdChoice {
  const { rule, z } = how;
  const sorted = [...pairs].sort((a, b) => b.confidence - a.confidence);
  const total = totalWeight(sorted);
  let n = 0;
  let w = 0;
  let ok = 0;
  let sq = 0;
  let best: ThresholdChoice = { threshold: null, precision: null, coverage: 0, support: 0 };
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i]!.confidence;
    while (i < sorted.length && sorted[i]!.confidence === t) {
      const c = credit(sorted[i]!);
      n++;
      w += weightOf(sorted[i]!);
      ok += c;
      sq += c * c;
      i++;
    }
    if (n < minSupport) continue;
    const mean = ok / n;
    const sd = Math.sqrt(Math.max(0, sq / n - mean * mean));
    if (mean - (z * sd) / Math.sqrt(n) < target) {
      if (rule === 'first-violation') break;
      continue;
    }
    best = { threshold: t, precision: Math.min(1, mean), coverage: w / total, support: n };
  }
  return best;
}

export type CalibrationMethod = CalibrationMap['kind'];

/** Out-of-fold ECE of each way to calibrate, and the one kept. */
export interface CalibrationChoice {
  map: CalibrationMap;
  /** ECE of each method's map applied to answers its fit did not see (identity: as they are). */
  ece: Record<CalibrationMethod, number>;
}

/**
 * Chooses between raw confidence, Platt scaling and isotonic regression by cross-validated ECE:
 * each fitted map is fitted on all folds but one and measured on that one, over `folds` folds
 * (answer i in fold i mod folds). Raw wins ties, so calibration is never kept when it does not
 * measure better than no calibration; then Platt (two parameters) before isotonic. The kept
 * method is refitted on every answer.
 */
export function chooseCalibration(pairs: Scored[], folds = 5): CalibrationChoice {
  const k = Math.max(2, Math.min(folds, pairs.length));
  const crossFitted = (fit: (ps: Scored[]) => CalibrationMap): Scored[] => {
    const out: Scored[] = [];
    for (let f = 0; f < k; f++) {
      const train = pairs.filter((_, i) => i % k !== f);
      const test = pairs.filter((_, i) => i % k === f);
      if (!train.length || !test.length) continue;
      const m = fit(train);
      for (const p of test) out.push({ ...p, confidence: applyCalibration(m, p.confidence) });
    }
    return out;
  };
  const ece: Record<CalibrationMethod, number> = {
    identity: expectedCalibrationError(pairs),
    platt: pairs.length >= 2 ? expectedCalibrationError(crossFitted(fitPlatt)) : Infinity,
    isotonic: pairs.length >= 2 ? expectedCalibrationError(crossFitted(fitIsotonic)) : Infinity,
  };
  let kept: CalibrationMethod = 'identity';
  for (const m of ['platt', 'isotonic'] as const) if (ece[m] < ece[kept] - 1e-12) kept = m;
  const map = kept === 'identity' ? { ...IDENTITY_MAP, n: pairs.length } : kept === 'platt' ? fitPlatt(pairs) : fitIsotonic(pairs);
  return { map, ece };
}

/** What a threshold rule achieved on held-out answers it was not chosen on. */
export interface CrossFittedPrecision {
  /** Pooled mean credit of the answers each half's threshold takes in the other half; null if neither half found one. */
  precision: number | null;
  /** Share of all answers so taken, by weight. */
  coverage: number;
  support: number;
}

/**
 * Cross-fitting the threshold: the answers are split in two halves (by position parity); the
 * rule picks a threshold on each half (with half the minimum support) and is measured on the
 * other, on raw confidence (every map is monotone, so the sets are the same). The figure is what
 * the rule delivers, not what the answers it picked from say about themselves: picking the
 * best-looking set flatters it.
 */
export function crossFittedPrecision(pairs: Scored[], target: number, minSupport: number, how: ThresholdRule = DEFAULT_THRESHOLD_RULE): CrossFittedPrecision {
  const halves = [pairs.filter((_, i) => i % 2 === 0), pairs.filter((_, i) => i % 2 === 1)];
  let n = 0;
  let w = 0;
  let sum = 0;
  let found = false;
  halves.forEach((pick, h) => {
    const t = thresholdForPrecision(pick, target, Math.max(1, Math.ceil(minSupport / 2)), how).threshold;
    if (t === null) return;
    found = true;
    for (const p of halves[1 - h]!) {
      if (p.confidence < t) continue;
      n++;
      w += weightOf(p);
      sum += credit(p);
    }
  });
  const total = totalWeight(pairs);
  return { precision: found && n ? Math.min(1, sum / n) : null, coverage: total ? w / total : 0, support: n };
}

/** A held-out answer as a model's report stores it: [raw confidence, credit], and its weight third when not 1. */
export type StoredPair = [number, number] | [number, number, number];

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function storedPair(p: Scored): StoredPair {
  const w = weightOf(p);
  return w === 1 ? [round6(p.confidence), round6(credit(p))] : [round6(p.confidence), round6(credit(p)), round6(w)];
}

/** A stored pair back as a scored answer, its confidence calibrated by `calibrate`: 1/0 for hard evidence, the corrected credit for soft. */
export function scoredFromStored([confidence, ok, weight]: StoredPair, calibrate: (raw: number) => number): Scored {
  return { confidence: calibrate(confidence), correct: ok >= 0.5, pCorrect: ok, ...(weight === undefined ? {} : { weight }) };
}
