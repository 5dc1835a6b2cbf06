import { wilsonInterval } from '@verity/label-science';

export interface ReliabilityEvidence {
  honeypotsAnswered: number;
  honeypotsCorrect: number;
  /** Answers on expert-confirmed gold items (fed by adjudication; 0 until then). */
  goldAnswered: number;
  goldCorrect: number;
  /** Dawid-Skene reliability Σ_c π_c·P(c|c), answer-weighted over the annotator's fitted questions. */
  dsReliability: number | null;
}

export interface ReliabilityPolicy {
  /** Used where there is no DS estimate yet. */
  prior: number;
  /** Known-truth answers at which known truth and DS weigh equally. */
  knownTruthHalfWeight: number;
}

/**
 * Blended reliability:
 *   n  = honeypots + gold answers (known truth), c = correct among them
 *   h  = (c + 1) / (n + 2)                    Laplace-smoothed known-truth accuracy
 *   d  = DS reliability (or the prior before any fit)
 *   α  = n / (n + k)                           k = knownTruthHalfWeight
 *   r  = α·h + (1 − α)·d
 * Known truth takes over as it accumulates, so agreement with a colluding majority (which DS
 * rewards) cannot hide failed honeypots.
 */
export function blendedReliability(e: ReliabilityEvidence, p: ReliabilityPolicy): number {
  const n = e.honeypotsAnswered + e.goldAnswered;
  const c = e.honeypotsCorrect + e.goldCorrect;
  const h = (c + 1) / (n + 2);
  const d = e.dsReliability ?? p.prior;
  const alpha = n / (n + p.knownTruthHalfWeight);
  return clamp01(alpha * h + (1 - alpha) * d);
}

export interface SuspensionPolicy {
  floor: number;
  /** Known-truth answers needed before anyone is suspended. */
  minHoneypots: number;
  /** A suspension is lifted only at floor + margin (hysteresis). */
  reinstateMargin: number;
}

/** The suspension state after a recomputation. */
export function nextSuspended(current: boolean, reliability: number, knownTruth: number, p: SuspensionPolicy): boolean {
  if (!current) return knownTruth >= p.minHoneypots && reliability < p.floor;
  return reliability < p.floor + p.reinstateMargin;
}

/** Whether a change is worth announcing on annotators.v1. */
export function isMaterialChange(published: number | null, next: number, delta: number, suspensionChanged: boolean): boolean {
  return suspensionChanged || published === null || Math.abs(next - published) >= delta;
}

/** "Below the floor on honeypots": enough honeypot evidence and raw honeypot accuracy < floor. */
export function failsHoneypots(answered: number, correct: number, floor: number, minHoneypots: number): boolean {
  return answered >= minHoneypots && correct / answered < floor;
}

/** Honeypot accuracy with its 95 % Wilson interval, or null before the first honeypot. */
export function honeypotAccuracy(answered: number, correct: number) {
  const w = wilsonInterval(correct, answered);
  return w.defined ? { accuracy: w.value.estimate, low: w.value.low, high: w.value.high } : null;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
