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

export interface SyntheticVotesOptions {
  readonly items: number;
  /** Labeling functions; LF j votes only class j mod classes (one-sided). */
  readonly lfs: number;
  readonly classes: number;
  readonly seed: number;
  /** P(LF fires | truth = its class), drawn uniformly from this range (default [0.1, 0.6]). */
  readonly hit?: readonly [number, number];
  /** P(LF fires | truth ≠ its class), drawn uniformly from this range (default [0.01, 0.3]). */
  readonly falseAlarm?: readonly [number, number];
}

export interface SyntheticVotes {
  /** Votes only: an abstain is no answer, so items no LF fired on are absent. */
  readonly answers: Answers;
  /** Truth per item id of `answers` (items with a vote). */
  readonly truth: Int32Array;
  /** Truth of every generated item, voted or not, by item name (`i<n>`). */
  readonly allTruth: ReadonlyMap<string, number>;
}

/**
 * Seeded weak-supervision votes: class priors 1/(c+1) normalised (skewed), one-sided LFs that
 * fire on their class with a hit rate and on the others with a false-alarm rate, independently
 * given the truth.
 */
export function syntheticLfVotes(o: SyntheticVotesOptions): SyntheticVotes {
  const rnd = mulberry32(o.seed);
  const K = o.classes;
  const draw = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * rnd();
  const hit = Array.from({ length: o.lfs }, () => draw(o.hit ?? [0.1, 0.6]));
  const falseAlarm = Array.from({ length: o.lfs }, () => draw(o.falseAlarm ?? [0.01, 0.3]));
  const prior = Array.from({ length: K }, (_, c) => 1 / (c + 1));
  const ps = prior.reduce((s, x) => s + x, 0);
  const itemIdx: number[] = [];
  const workerIdx: number[] = [];
  const labelIdx: number[] = [];
  const itemNames: string[] = [];
  const truth: number[] = [];
  const allTruth = new Map<string, number>();
  for (let i = 0; i < o.items; i++) {
    let u = rnd() * ps;
    let t = 0;
    while (t < K - 1 && u >= prior[t]) u -= prior[t++];
    allTruth.set(`i${i}`, t);
    let id = -1;
    for (let j = 0; j < o.lfs; j++) {
      const c = j % K;
      if (rnd() >= (t === c ? hit[j] : falseAlarm[j])) continue;
      if (id < 0) {
        id = itemNames.length;
        itemNames.push(`i${i}`);
        truth.push(t);
      }
      itemIdx.push(id);
      workerIdx.push(j);
      labelIdx.push(c);
    }
  }
  return {
    answers: answersFromArrays({
      itemIdx: Int32Array.from(itemIdx),
      workerIdx: Int32Array.from(workerIdx),
      labelIdx: Int32Array.from(labelIdx),
      nItems: itemNames.length,
      nWorkers: o.lfs,
      nClasses: K,
      itemNames,
      workerNames: Array.from({ length: o.lfs }, (_, j) => `lf${j}`),
    }),
    truth: Int32Array.from(truth),
    allTruth,
  };
}
