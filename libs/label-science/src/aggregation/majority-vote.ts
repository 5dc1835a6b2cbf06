import { type Answers, voteCounts } from '../answers';
import {
  type AggregationOptions,
  type AggregationResult,
  clampGold,
  finish,
  goldIndex,
  requireClasses,
} from './result';

/**
 * Tie rule. `class-order` (default): the tied class that comes first in class order
 * (numeric order for numeric labels, else code-unit order) — what crowd-kit's MajorityVote
 * does (pandas idxmax over sorted labels); on toy_ysda it gives t1 = "no".
 * `frequency`: the tied class with the most answers overall, then class order.
 */
export type TieRule = 'class-order' | 'frequency';

export interface MajorityVoteParams {
  readonly method: 'mv';
  readonly tieRule: TieRule;
}

export interface MajorityVoteOptions extends AggregationOptions<MajorityVoteParams> {
  readonly tieRule?: TieRule;
}

/** Picks a label per item from flat weighted votes under a tie rule. */
export function pickLabels(votes: Float64Array, K: number, rank: Int32Array): Int32Array {
  const n = votes.length / K;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let best = -1;
    for (let c = 0; c < K; c++) {
      const v = votes[o + c];
      if (best < 0 || v > votes[o + best] || (v === votes[o + best] && rank[c] < rank[best]))
        best = c;
    }
    out[i] = best;
  }
  return out;
}

/** rank[c] = position of class c in tie-break preference (0 = preferred). */
export function tieRanks(a: Answers, rule: TieRule): Int32Array {
  const K = a.nClasses;
  const order = Array.from({ length: K }, (_, c) => c);
  if (rule === 'frequency') {
    const freq = new Float64Array(K);
    for (let i = 0; i < a.nAnswers; i++) freq[a.labelIdx[i]]++;
    order.sort((x, y) => freq[y] - freq[x] || x - y);
  }
  const rank = new Int32Array(K);
  order.forEach((c, r) => (rank[c] = r));
  return rank;
}

/** Posterior = vote shares; reliability = share of a worker's answers that match the label. */
export function majorityVote(
  a: Answers,
  options: MajorityVoteOptions = {},
): AggregationResult<MajorityVoteParams> {
  requireClasses(a);
  const tieRule = options.tieRule ?? options.warmStart?.tieRule ?? 'class-order';
  const K = a.nClasses;
  const post = voteCounts(a);
  const labels = pickLabels(post, K, tieRanks(a, tieRule));
  for (let i = 0; i < a.nItems; i++) {
    const o = i * K;
    let s = 0;
    for (let c = 0; c < K; c++) s += post[o + c];
    for (let c = 0; c < K; c++) post[o + c] = s > 0 ? post[o + c] / s : 1 / K;
  }
  const gold = goldIndex(a, options.gold);
  clampGold(post, gold, K);
  gold.forEach((g, i) => g >= 0 && (labels[i] = g));
  return finish(a, 'mv', post, labels, agreementWithLabels(a, labels), {
    iterations: 0,
    converged: true,
    logLikelihood: null,
    params: { method: 'mv', tieRule },
  });
}

/** Smoothed share of each worker's answers equal to the given labels. */
export function agreementWithLabels(a: Answers, labels: Int32Array, smoothing = 0): Float64Array {
  const hit = new Float64Array(a.nWorkers);
  const tot = new Float64Array(a.nWorkers);
  for (let i = 0; i < a.nAnswers; i++) {
    const w = a.workerIdx[i];
    tot[w]++;
    if (labels[a.itemIdx[i]] === a.labelIdx[i]) hit[w]++;
  }
  for (let w = 0; w < a.nWorkers; w++) {
    const d = tot[w] + 2 * smoothing;
    hit[w] = d > 0 ? (hit[w] + smoothing) / d : 0;
  }
  return hit;
}
