import { betaCdf, wilsonInterval } from '@verity/label-science';

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
 *   n  = honeypots + gold answers (known truth: honeypots, confirmed gold, expert verdicts), c = correct among them
 *   h  = c / n                                 known-truth accuracy (0 when n = 0, where α = 0)
 *   d  = DS reliability (or the prior before any fit)
 *   α  = n / (n + k)                           k = knownTruthHalfWeight
 *   r  = α·h + (1 − α)·d  =  (c + k·d) / (n + k)
 * i.e. the mean of a Beta(k·d, k·(1 − d)) prior updated with the known-truth record. Known truth
 * takes over as it accumulates, so agreement with a colluding majority (which DS rewards) cannot
 * hide failed honeypots; and, for a fixed d, every correct known-truth answer moves r up and every
 * wrong one moves it down (an expert verdict always moves the annotator in the right direction).
 * (h was Laplace-smoothed towards 0.5 before: on top of the blend that smoothed twice, and one
 * correct verdict moved an unscored annotator from the 0.7 prior *down* to 0.69.)
 */
export function blendedReliability(e: ReliabilityEvidence, p: ReliabilityPolicy): number {
  const n = e.honeypotsAnswered + e.goldAnswered;
  const c = e.honeypotsCorrect + e.goldCorrect;
  const d = e.dsReliability ?? p.prior;
  const k = p.knownTruthHalfWeight;
  return clamp01((c + k * d) / (n + k));
}

/** What the suspension rule weighs, as a Beta posterior on the annotator's accuracy. */
export interface SuspensionEvidence {
  /** The posterior mean (the blended reliability without expert verdicts). */
  reliability: number;
  /** Honeypots answered. */
  knownTruth: number;
  /** Beta(alpha, beta): c + k·d and (n − c) + k·(1 − d), whose mean is `reliability`. */
  alpha: number;
  beta: number;
}

/**
 * The evidence the suspension rule weighs: honeypots (served at random, so an unbiased sample of
 * the annotator's work) and Dawid-Skene, not expert verdicts. An expert only sees items the crowd
 * disputed, where good annotators are often outvoted: on the demo's crowd, verdict evidence put
 * annotators 0.1–0.3 below their true accuracy, and a floor of 0.6 suspended people right 70–75 %
 * of the time. Verdicts still count in the published reliability and clamp Dawid-Skene as gold.
 */
export function suspensionEvidence(e: ReliabilityEvidence, p: ReliabilityPolicy): SuspensionEvidence {
  const n = e.honeypotsAnswered;
  const c = e.honeypotsCorrect;
  const d = e.dsReliability ?? p.prior;
  const k = p.knownTruthHalfWeight;
  return {
    reliability: blendedReliability({ ...e, goldAnswered: 0, goldCorrect: 0 }, p),
    knownTruth: n,
    alpha: Math.max(0, c + k * d),
    beta: Math.max(0, n - c + k * (1 - d)),
  };
}

/** The posterior probability that the annotator's accuracy is below the floor. */
export function probabilityBelowFloor(e: SuspensionEvidence, floor: number): number {
  if (e.beta <= 0) return floor >= 1 ? 1 : 0;
  if (e.alpha <= 0) return floor > 0 ? 1 : 0;
  return betaCdf(floor, e.alpha, e.beta);
}

export interface SuspensionPolicy {
  floor: number;
  /** Known-truth answers needed before anyone is suspended. */
  minHoneypots: number;
  /** The posterior probability of being below the floor that suspends (decision 83). */
  confidence: number;
  /** A suspension is lifted only at floor + margin (hysteresis). */
  reinstateMargin: number;
}

/**
 * The suspension state after a recomputation: suspended once the evidence says the annotator is
 * below the floor with probability `confidence`, not when the estimate merely dips under it (an
 * annotator right 75 % of the time then fell under a 0.6 floor in about one project in five, by
 * the luck of a dozen honeypots); lifted when the estimate reaches floor + margin.
 */
export function nextSuspended(current: boolean, e: SuspensionEvidence, p: SuspensionPolicy): boolean {
  if (!current) return e.knownTruth >= p.minHoneypots && probabilityBelowFloor(e, p.floor) >= p.confidence;
  return e.reliability < p.floor + p.reinstateMargin;
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
