import { type Answers, answersFromArrays } from './answers';
import { mulberry32 } from './random';

export interface SyntheticOptions {
  readonly items: number;
  readonly answersPerItem: number;
  /** Size of the worker pool each item draws its distinct workers from. */
  readonly workers: number;
  readonly classes: number;
  readonly seed: number;
  /** Worker accuracy drawn uniformly from this range (default [0.4, 0.95]). */
  readonly accuracy?: readonly [number, number];
}

export interface SyntheticData {
  readonly answers: Answers;
  readonly truth: Int32Array;
  readonly workerAccuracy: Float64Array;
}

/**
 * Seeded synthetic crowd: skewed class priors, each worker right with their own accuracy and,
 * when wrong, biased towards the next class (so confusion matrices are not symmetric).
 */
export function syntheticAnswers(o: SyntheticOptions): SyntheticData {
  const rnd = mulberry32(o.seed);
  const K = o.classes;
  const [lo, hi] = o.accuracy ?? [0.4, 0.95];
  const workerAccuracy = Float64Array.from({ length: o.workers }, () => lo + (hi - lo) * rnd());
  const prior = Array.from({ length: K }, (_, c) => 1 / (c + 1));
  const ps = prior.reduce((s, x) => s + x, 0);
  const truth = new Int32Array(o.items);
  const n = o.items * o.answersPerItem;
  const itemIdx = new Int32Array(n);
  const workerIdx = new Int32Array(n);
  const labelIdx = new Int32Array(n);
  const picked = new Int32Array(o.answersPerItem);
  let p = 0;
  for (let i = 0; i < o.items; i++) {
    let u = rnd() * ps;
    let t = 0;
    while (t < K - 1 && u >= prior[t]) u -= prior[t++];
    truth[i] = t;
    for (let k = 0; k < o.answersPerItem; k++) {
      let w: number;
      do w = Math.floor(rnd() * o.workers);
      while (picked.subarray(0, k).includes(w));
      picked[k] = w;
      let l = t;
      if (rnd() >= workerAccuracy[w]) l = rnd() < 0.5 ? (t + 1) % K : Math.floor(rnd() * K);
      itemIdx[p] = i;
      workerIdx[p] = w;
      labelIdx[p++] = l;
    }
  }
  return {
    answers: answersFromArrays({
      itemIdx,
      workerIdx,
      labelIdx,
      nItems: o.items,
      nWorkers: o.workers,
      nClasses: K,
    }),
    truth,
    workerAccuracy,
  };
}
