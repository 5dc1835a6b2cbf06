import type { Answers } from '../answers';
import { majorityVote } from './majority-vote';
import {
  type AggregationResult,
  argmaxRows,
  clampGold,
  type EmOptions,
  finish,
  goldIndex,
  requireClasses,
  softmaxRows,
} from './result';
import { alignByName, alignClasses } from './warm-start';

// Module-level aliases: under jest's vm sandbox every global lookup in a hot loop is slow.
const { abs, log, max, min } = Math;
const NEG_INF = -Infinity;

export interface OneCoinParams {
  readonly method: 'onecoin';
  readonly classNames: readonly string[];
  readonly workerNames: readonly string[];
  readonly priors: Float64Array;
  /** Per worker, P(answer = truth); wrong answers are spread evenly over the other classes. */
  readonly skill: Float64Array;
}

export interface OneCoinOptions extends EmOptions<OneCoinParams> {
  /** Beta pseudo-counts on each skill: (hits + smoothing) / (answers + 2·smoothing) (default 0.01). */
  readonly smoothing?: number;
  /**
   * Estimate class priors (default false: uniform). With one accuracy per worker, a crowd biased
   * towards one class drags learned priors into a collapse (bluebirds: priors 0.97/0.03, accuracy
   * 0.58); uniform priors keep it at 0.72.
   */
  readonly learnPriors?: boolean;
}

/**
 * One-coin Dawid-Skene: each worker is a single accuracy instead of a confusion matrix.
 * Fewer parameters, so steadier than full DS on workers with few answers.
 * Cost per iteration: O(answers + items × classes).
 */
export function oneCoinDawidSkene(
  a: Answers,
  options: OneCoinOptions = {},
): AggregationResult<OneCoinParams> {
  requireClasses(a);
  const K = a.nClasses;
  const W = a.nWorkers;
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-7;
  const smoothing = options.smoothing ?? 0.01;
  const gold = goldIndex(a, options.gold);
  const { itemIdx, workerIdx, labelIdx, nAnswers } = a;
  const priors = new Float64Array(K).fill(1 / K);
  const skill = new Float64Array(W).fill(0.7);
  const known = new Uint8Array(W).fill(1);
  const post = new Float64Array(a.nItems * K);
  const offset = new Float64Array(a.nItems);
  const logRight = new Float64Array(W);
  const logWrong = new Float64Array(W);

  const eStep = (): number => {
    for (let w = 0; w < W; w++) {
      const s = min(max(skill[w], 1e-12), 1 - 1e-12);
      logRight[w] = known[w] ? log(s) : 0;
      logWrong[w] = known[w] ? log((1 - s) / (K - 1)) : 0;
    }
    offset.fill(0);
    for (let i = 0; i < a.nItems; i++) for (let c = 0; c < K; c++) post[i * K + c] = log(priors[c]);
    for (let n = 0; n < nAnswers; n++) {
      const w = workerIdx[n];
      // Every class gets the "wrong" term (kept in a per-item offset); the answered class gets the difference.
      offset[itemIdx[n]] += logWrong[w];
      post[itemIdx[n] * K + labelIdx[n]] += logRight[w] - logWrong[w];
    }
    const ll = softmaxRows(post, K, offset);
    clampGold(post, gold, K);
    return ll;
  };

  const mStep = (): void => {
    const hit = new Float64Array(W);
    const tot = new Float64Array(W);
    for (let n = 0; n < nAnswers; n++) {
      const w = workerIdx[n];
      hit[w] += post[itemIdx[n] * K + labelIdx[n]];
      tot[w]++;
    }
    for (let w = 0; w < W; w++) skill[w] = (hit[w] + smoothing) / (tot[w] + 2 * smoothing);
    known.fill(1);
    if (!options.learnPriors) return;
    priors.fill(0);
    for (let i = 0; i < a.nItems; i++) for (let c = 0; c < K; c++) priors[c] += post[i * K + c];
    for (let c = 0; c < K; c++) priors[c] /= a.nItems;
  };

  if (options.warmStart) {
    const ws = options.warmStart;
    const cm = alignClasses(ws.classNames, a.classNames);
    const wm = alignByName(ws.workerNames, a.workerNames);
    for (let c = 0; c < K; c++) priors[c] = ws.priors[cm[c]];
    wm.forEach((p, w) => {
      known[w] = p >= 0 ? 1 : 0;
      if (p >= 0) skill[w] = ws.skill[p];
    });
    eStep();
  } else {
    post.set(majorityVote(a, { gold: options.gold }).posterior);
  }

  let ll = NEG_INF;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    mStep();
    const next = eStep();
    const done = abs(next - ll) / nAnswers < tol;
    ll = next;
    if (done) {
      converged = true;
      break;
    }
  }
  return finish(a, 'onecoin', post, argmaxRows(post, K), Float64Array.from(skill), {
    iterations,
    converged,
    logLikelihood: ll,
    params: {
      method: 'onecoin',
      classNames: a.classNames,
      workerNames: a.workerNames,
      priors,
      skill,
    },
  });
}
