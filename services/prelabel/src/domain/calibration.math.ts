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
}

/** What a scored answer counts for (see `pCorrect`), else 1 or 0. */
export function credit(p: Scored): number {
  return p.pCorrect ?? (p.correct ? 1 : 0);
}

/** A monotone map raw confidence → calibrated confidence: knots, linearly interpolated. */
export interface IsotonicMap {
  kind: 'isotonic';
  /** [raw, calibrated] knots, raw ascending. */
  knots: [number, number][];
  /** Pairs the map was fitted on. */
  n: number;
}

/**
 * Isotonic regression (pool-adjacent-violators) of correctness on confidence. Each block's
 * accuracy is smoothed as (correct + 0.5) / (n + 1), so a small perfect block never maps to a
 * certainty of exactly 1. Knots sit at each block's mean confidence.
 */
export function fitIsotonic(pairs: Scored[]): IsotonicMap {
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

/** Applies the map: linear between knots, constant beyond the ends; identity without knots. */
export function applyCalibration(map: IsotonicMap | undefined, raw: number): number {
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
  /** Share of held-out answers at or above the threshold (what would be auto-accepted). */
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
  let n = 0;
  let ok = 0;
  let sq = 0;
  let best: ThresholdChoice = { threshold: null, precision: null, coverage: 0, support: 0 };
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i]!.confidence;
    while (i < sorted.length && sorted[i]!.confidence === t) {
      const c = credit(sorted[i]!);
      n++;
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
    best = { threshold: t, precision: Math.min(1, mean), coverage: n / sorted.length, support: n };
  }
  return best;
}
