import type { Answers } from '../answers';
import {
  agreementWithLabels,
  majorityVote,
  pickLabels,
  type TieRule,
  tieRanks,
} from './majority-vote';
import {
  type AggregationOptions,
  type AggregationResult,
  clampGold,
  finish,
  goldIndex,
  requireClasses,
} from './result';
import { alignByName } from './warm-start';

// Module-level aliases: under jest's vm sandbox every global lookup in a hot loop is slow.
const { exp, log, max, min } = Math;
const NEG_INF = -Infinity;

export interface WeightedMajorityVoteParams {
  readonly method: 'wmv';
  readonly workerNames: readonly string[];
  readonly weights: Float64Array;
  readonly tieRule: TieRule;
}

export interface WeightedMajorityVoteOptions extends AggregationOptions<WeightedMajorityVoteParams> {
  /** Fixed weights by worker name (missing workers weigh 1); skips estimation. */
  readonly weights?: ReadonlyMap<string, number>;
  readonly tieRule?: TieRule;
  /** Re-estimation rounds when weights are learned (default 20). */
  readonly maxIter?: number;
  /** Laplace pseudo-count on each worker's accuracy (default 1). */
  readonly smoothing?: number;
}

/**
 * Votes weighted by w = max(0, ln((K-1)·acc/(1-acc))), the log-odds weight that is optimal when
 * each worker is right with probability acc and otherwise uniform (one-coin model). acc is
 * re-estimated against the current labels (gold where known) until the labels stop changing.
 * Posterior = softmax of the weighted votes; reliability = the estimated accuracy.
 */
export function weightedMajorityVote(
  a: Answers,
  options: WeightedMajorityVoteOptions = {},
): AggregationResult<WeightedMajorityVoteParams> {
  requireClasses(a);
  const K = a.nClasses;
  const tieRule = options.tieRule ?? options.warmStart?.tieRule ?? 'class-order';
  const rank = tieRanks(a, tieRule);
  const smoothing = options.smoothing ?? 1;
  const maxIter = options.maxIter ?? 20;
  const gold = goldIndex(a, options.gold);
  const weights = new Float64Array(a.nWorkers).fill(1);
  const fixed = options.weights !== undefined;
  if (options.weights) a.workerNames.forEach((n, w) => (weights[w] = options.weights?.get(n) ?? 1));
  else if (options.warmStart) {
    const map = alignByName(options.warmStart.workerNames, a.workerNames);
    map.forEach((p, w) => (weights[w] = p >= 0 ? options.warmStart!.weights[p] : 1));
  }

  const scores = new Float64Array(a.nItems * K);
  const vote = (): Int32Array => {
    scores.fill(0);
    for (let i = 0; i < a.nAnswers; i++)
      scores[a.itemIdx[i] * K + a.labelIdx[i]] += weights[a.workerIdx[i]];
    const l = pickLabels(scores, K, rank);
    gold.forEach((g, i) => g >= 0 && (l[i] = g));
    return l;
  };
  const reweight = (acc: Float64Array) => {
    for (let w = 0; w < a.nWorkers; w++) {
      const p = min(max(acc[w], 1e-6), 1 - 1e-6);
      weights[w] = max(0, log(((K - 1) * p) / (1 - p)));
    }
  };

  let labels =
    options.warmStart || fixed ? vote() : majorityVote(a, { gold: options.gold, tieRule }).labelIdx;
  let iterations = 0;
  let converged = fixed;
  while (!fixed && iterations < maxIter) {
    iterations++;
    reweight(agreementWithLabels(a, labels, smoothing));
    const next = vote();
    let changed = false;
    for (let i = 0; i < a.nItems; i++) if (next[i] !== labels[i]) changed = true;
    labels = next;
    if (!changed) {
      converged = true;
      break;
    }
  }
  if (!fixed) vote();
  const post = scores;
  for (let i = 0; i < a.nItems; i++) {
    const o = i * K;
    let m = NEG_INF;
    for (let c = 0; c < K; c++) m = max(m, post[o + c]);
    let s = 0;
    for (let c = 0; c < K; c++) s += post[o + c] = exp(post[o + c] - m);
    for (let c = 0; c < K; c++) post[o + c] /= s;
  }
  clampGold(post, gold, K);
  return finish(a, 'wmv', post, labels, agreementWithLabels(a, labels, smoothing), {
    iterations,
    converged,
    logLikelihood: null,
    params: {
      method: 'wmv',
      workerNames: a.workerNames,
      weights: Float64Array.from(weights),
      tieRule,
    },
  });
}
