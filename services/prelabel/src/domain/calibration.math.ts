/** One scored answer with known truth: the model's confidence and whether it was right. */
export interface Scored {
  confidence: number;
  correct: boolean;
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
    blocks.push({ sumX: p.confidence, sumY: p.correct ? 1 : 0, n: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sumY / a.n < b.sumY / b.n) break;
      blocks.splice(blocks.length - 2, 2, { sumX: a.sumX + b.sumX, sumY: a.sumY + b.sumY, n: a.n + b.n });
    }
  }
  const knots: [number, number][] = blocks.map((b) => [b.sumX / b.n, (b.sumY + 0.5) / (b.n + 1)]);
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
    acc[b]! += p.correct ? 1 : 0;
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

/**
 * The auto-accept threshold from a target precision: walking confidence downwards, the
 * smallest threshold t such that for t and every higher candidate with at least `minSupport`
 * answers above it, the held-out precision of {confidence ≥ t} is ≥ target. Stopping at the
 * first violation keeps the rule conservative (precision need not be monotone in t). Fewer than
 * `minSupport` answers above every candidate: null (no auto-accept).
 */
export function thresholdForPrecision(pairs: Scored[], target: number, minSupport = 30): ThresholdChoice {
  const sorted = [...pairs].sort((a, b) => b.confidence - a.confidence);
  let n = 0;
  let ok = 0;
  let best: ThresholdChoice = { threshold: null, precision: null, coverage: 0, support: 0 };
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i]!.confidence;
    while (i < sorted.length && sorted[i]!.confidence === t) {
      n++;
      if (sorted[i]!.correct) ok++;
      i++;
    }
    if (n < minSupport) continue;
    if (ok / n < target) break;
    best = { threshold: t, precision: ok / n, coverage: n / sorted.length, support: n };
  }
  return best;
}
