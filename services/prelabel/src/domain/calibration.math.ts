import { rng, shuffle } from './text.classifier';

/** One scored answer with known truth: the model's confidence and whether it was right. */
export interface Scored {
  confidence: number;
  correct: boolean;
}

/** How raw confidence becomes calibrated confidence. */
export type CalibrationMethod = 'raw' | 'platt' | 'isotonic';

/**
 * A monotone map raw confidence → calibrated confidence. `isotonic`: knots, linearly
 * interpolated; `platt`: sigmoid(a·logit(raw) + b); `raw`: the identity (no knots).
 */
export interface CalibrationMap {
  kind: CalibrationMethod;
  /** [raw, calibrated] knots, raw ascending (isotonic only; empty otherwise). */
  knots: [number, number][];
  /** Platt's slope and intercept on the logit of the raw confidence (platt only). */
  platt?: { a: number; b: number };
  /** Pairs the map was fitted on. */
  n: number;
}

/** The name stored maps and their readers use; every map is a CalibrationMap. */
export type IsotonicMap = CalibrationMap;

/** The identity map: calibrated = raw. */
export const RAW_CALIBRATION = (n: number): CalibrationMap => ({ kind: 'raw', knots: [], n });

const EPS = 1e-6;
const logit = (p: number) => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Platt scaling (Platt 1999, with Lin, Lin & Weng's 2007 Newton iteration): a 1-D logistic
 * regression of correctness on logit(raw confidence), fitted to Platt's smoothed targets
 * (N₊+1)/(N₊+2) and 1/(N₋+2) so that a perfect small set does not map to certainty.
 */
export function fitPlatt(pairs: Scored[]): CalibrationMap {
  const pos = pairs.filter((p) => p.correct).length;
  const neg = pairs.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const x = pairs.map((p) => logit(p.confidence));
  const t = pairs.map((p) => (p.correct ? hi : lo));
  let a = 1;
  let b = 0;
  const loss = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const z = a * x[i]! + b;
      // Cross-entropy of sigmoid(z) against the target t.
      f += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t[i]! * z;
    }
    return f;
  };
  let f = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < x.length; i++) {
      const p = sigmoid(a * x[i]! + b);
      const d = p - t[i]!;
      const w = p * (1 - p);
      g1 += x[i]! * d;
      g2 += d;
      h11 += x[i]! * x[i]! * w;
      h22 += w;
      h21 += x[i]! * w;
    }
    if (Math.abs(g1) < 1e-9 && Math.abs(g2) < 1e-9) break;
    const det = h11 * h22 - h21 * h21;
    if (!(det > 0)) break;
    const da = -(h22 * g1 - h21 * g2) / det;
    const db = -(h11 * g2 - h21 * g1) / det;
    let step = 1;
    let next = loss(a + step * da, b + step * db);
    while (next > f + 1e-4 * step * (g1 * da + g2 * db) && step > 1e-10) {
      step /= 2;
      next = loss(a + step * da, b + step * db);
    }
    if (step <= 1e-10) break;
    a += step * da;
    b += step * db;
    const done = f - next < 1e-12 * Math.max(1, Math.abs(f));
    f = next;
    if (done) break;
  }
  return { kind: 'platt', knots: [], platt: { a, b }, n: pairs.length };
}

/**
 * Isotonic regression (pool-adjacent-violators) of correctness on confidence. Each block's
 * accuracy is smoothed as (correct + 0.5) / (n + 1), so a small perfect block never maps to a
 * certainty of exactly 1. Knots sit at each block's mean confidence.
 */
export function fitIsotonic(pairs: Scored[]): CalibrationMap {
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

/** Applies the map: Platt's sigmoid; or linear between knots, constant beyond the ends; identity without knots. */
export function applyCalibration(map: CalibrationMap | undefined, raw: number): number {
  if (map?.kind === 'platt' && map.platt) return sigmoid(map.platt.a * logit(raw) + map.platt.b);
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

/** Fold of each of n items: a seeded permutation dealt round-robin into k folds. */
export function foldsOf(n: number, k: number, seed: number): number[] {
  const order = shuffle(
    Array.from({ length: n }, (_, i) => i),
    rng(seed),
  );
  const fold = new Array<number>(n);
  order.forEach((item, position) => (fold[item] = position % k));
  return fold;
}

const FITTERS: Record<Exclude<CalibrationMethod, 'raw'>, (pairs: Scored[]) => CalibrationMap> = { platt: fitPlatt, isotonic: fitIsotonic };

export interface CalibrationSelection {
  method: CalibrationMethod;
  /** The chosen method fitted on every pair. */
  map: CalibrationMap;
  /** ECE of each method on held-out folds (each pair calibrated by a map fitted without its fold). */
  ece: Record<CalibrationMethod, number>;
  /** Every pair calibrated by the chosen method fitted without the pair's fold. */
  crossFitted: Scored[];
}

/**
 * Picks raw, Platt or isotonic by cross-validated ECE: for each of k folds the map is fitted on
 * the other folds and applied to this one; the pooled held-out ECE decides. Ties go to the
 * simpler method (raw, then Platt), so the calibration is never worse than raw on held-out folds.
 * Fewer than two pairs per fold: raw.
 */
export function selectCalibration(pairs: Scored[], k: number, seed: number): CalibrationSelection {
  const rawEce = expectedCalibrationError(pairs);
  const raw: CalibrationSelection = { method: 'raw', map: RAW_CALIBRATION(pairs.length), ece: { raw: rawEce, platt: rawEce, isotonic: rawEce }, crossFitted: pairs };
  if (k < 2 || pairs.length < 2 * k) return raw;
  const fold = foldsOf(pairs.length, k, seed);
  let best = raw;
  for (const method of ['platt', 'isotonic'] as const) {
    const crossFitted = new Array<Scored>(pairs.length);
    for (let f = 0; f < k; f++) {
      const map = FITTERS[method](pairs.filter((_, i) => fold[i] !== f));
      pairs.forEach((p, i) => {
        if (fold[i] === f) crossFitted[i] = { confidence: applyCalibration(map, p.confidence), correct: p.correct };
      });
    }
    const ece = expectedCalibrationError(crossFitted);
    raw.ece[method] = ece;
    if (ece < best.ece[best.method]) best = { method, map: FITTERS[method](pairs), ece: raw.ece, crossFitted };
  }
  return best;
}
