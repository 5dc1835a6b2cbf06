import type { LabelModelParams } from './label-model';

const { exp, log } = Math;

/** One vote to score: labeling function `lf` (a worker name of the fit) voted `label` on `item`. */
export interface LabelModelVote {
  readonly item: string;
  readonly lf: string;
  readonly label: string;
}

/** An item's posterior under fitted label-model parameters, with the votes that counted. */
export interface LabelModelScore {
  readonly item: string;
  /** Class name of the highest posterior (the lowest class id among exact ties). */
  readonly label: string;
  /** The highest posterior. */
  readonly confidence: number;
  /** Posterior per class, in `params.classNames` order. */
  readonly posterior: Float64Array;
  /** The votes that entered it: LFs the fit knows, labels among its classes. */
  readonly votes: readonly LabelModelVote[];
}

/**
 * Scores items with fitted `labelModel` parameters, one item at a time: P(y | votes) ∝
 * π_y · Π over every LF of the fit P(its outcome | y), where an LF with no vote on the item
 * abstained. Unlike a warm-started `labelModel` call, the result does not depend on which other
 * items (and so which LFs) are in the call: every fitted LF's abstain counts. Votes of LFs the fit
 * does not know, or for classes it does not have, are left out; an item left with no vote gets no
 * score (the label model has nothing to say about it beyond the class balance).
 */
export function scoreLabelModel(params: LabelModelParams, votes: readonly LabelModelVote[]): LabelModelScore[] {
  const K = params.classNames.length;
  const K1 = K + 1;
  const lfIdx = new Map(params.workerNames.map((n, j) => [n, j]));
  const classIdx = new Map(params.classNames.map((n, c) => [n, c]));
  const allAbstain = new Float64Array(K);
  for (let y = 0; y < K; y++) {
    let s = log(params.priors[y]);
    for (let j = 0; j < params.workerNames.length; j++) s += log(params.votes[(j * K + y) * K1 + K]);
    allAbstain[y] = s;
  }
  const byItem = new Map<string, LabelModelVote[]>();
  for (const v of votes) {
    if (!lfIdx.has(v.lf) || !classIdx.has(v.label)) continue;
    const list = byItem.get(v.item);
    if (list) list.push(v);
    else byItem.set(v.item, [v]);
  }
  const out: LabelModelScore[] = [];
  for (const [item, counted] of byItem) {
    const s = Float64Array.from(allAbstain);
    for (const v of counted) {
      const row = lfIdx.get(v.lf)! * K;
      const l = classIdx.get(v.label)!;
      for (let y = 0; y < K; y++) s[y] += log(params.votes[(row + y) * K1 + l]) - log(params.votes[(row + y) * K1 + K]);
    }
    let best = 0;
    for (let y = 1; y < K; y++) if (s[y] > s[best]) best = y;
    let z = 0;
    for (let y = 0; y < K; y++) z += exp(s[y] - s[best]);
    const posterior = new Float64Array(K);
    for (let y = 0; y < K; y++) posterior[y] = exp(s[y] - s[best]) / z;
    out.push({ item, label: params.classNames[best]!, confidence: posterior[best]!, posterior, votes: counted });
  }
  return out;
}
