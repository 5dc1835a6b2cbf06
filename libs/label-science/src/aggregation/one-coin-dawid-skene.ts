import type { Answers } from '../answers';
import { fillWithLogPriors, priorsFromPosterior } from './class-priors';
import { iterateEm } from './em-loop';
import { emSettings } from './em-settings';
import { majorityVote } from './majority-vote';
import {
  type AggregationResult,
  clampGold,
  type ClassModelParams,
  type EmOptions,
  finishEm,
  modelNames,
  softmaxRows,
} from './result';
import { alignByName, carryOverByName, carryOverPriors } from './warm-start';

// Module-level aliases: under jest's vm sandbox every global lookup in a hot loop is slow.
const { log, max, min } = Math;

export interface OneCoinParams extends ClassModelParams<'onecoin'> {
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
  const settings = emSettings(a, options);
  const { gold } = settings;
  const K = a.nClasses;
  const W = a.nWorkers;
  const smoothing = options.smoothing ?? 0.01;
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
    fillWithLogPriors(post, priors, K);
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
    priorsFromPosterior(post, a.nItems, K, priors);
  };

  if (options.warmStart) {
    const ws = options.warmStart;
    carryOverPriors(ws, a.classNames, priors);
    known.set(carryOverByName(alignByName(ws.workerNames, a.workerNames), ws.skill, skill));
    eStep();
  } else {
    post.set(majorityVote(a, { gold: options.gold }).posterior);
  }

  const run = iterateEm(mStep, eStep, { ...settings, nAnswers });
  return finishEm(a, post, Float64Array.from(skill), run, {
    ...modelNames('onecoin', a),
    priors,
    skill,
  });
}
