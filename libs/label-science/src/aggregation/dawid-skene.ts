import type { Answers } from '../answers';
import { addPosteriorMass, fillWithLogPriors } from './class-priors';
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
import { alignByName, carryOverPriors } from './warm-start';

// Module-level alias: under jest's vm sandbox every global lookup in a hot loop is slow.
const { log } = Math;

export interface DawidSkeneParams extends ClassModelParams<'ds'> {
  /** Flat workers × true class × answered class: P(answer = l | truth = c) at [(w*K + c)*K + l]. */
  readonly confusion: Float64Array;
}

export interface DawidSkeneOptions extends EmOptions<DawidSkeneParams> {
  /**
   * Pseudo-count added to every confusion-matrix cell. Default 1e-6: the paper's plain MLE in
   * practice, but no log(0) for a worker who never gave some answer. Raise it (e.g. 0.1–1) to
   * shrink workers with few answers towards uniform.
   */
  readonly smoothing?: number;
  /** Pseudo-count added to every class when estimating priors (default 0). */
  readonly priorSmoothing?: number;
  /**
   * Pseudo-count added to the diagonal cell of every confusion row, on top of `smoothing`
   * (default 0): a prior that a worker tends to answer the true class, worth that many answers.
   */
  readonly diagonalPrior?: number;
  /** Estimate class priors (default true, as in the paper); false keeps them uniform. */
  readonly learnPriors?: boolean;
}

/**
 * Dawid & Skene (1979): one full confusion matrix per worker, class priors, EM started from
 * majority-vote shares (gold items clamped). Cost per iteration: O(answers × classes).
 * Reliability = Σ_c prior_c · P(answer c | truth c), the worker's expected accuracy.
 */
export function dawidSkene(
  a: Answers,
  options: DawidSkeneOptions = {},
): AggregationResult<DawidSkeneParams> {
  const settings = emSettings(a, options);
  const { gold } = settings;
  const K = a.nClasses;
  const W = a.nWorkers;
  const smoothing = options.smoothing ?? 1e-6;
  const priorSmoothing = options.priorSmoothing ?? 0;
  const diagonalPrior = options.diagonalPrior ?? 0;
  const { itemIdx, workerIdx, labelIdx, nAnswers } = a;

  const priors = new Float64Array(K).fill(1 / K);
  const confusion = new Float64Array(W * K * K);
  const logConf = new Float64Array(W * K * K);
  const post = new Float64Array(a.nItems * K);

  const eStep = (): number => {
    for (let x = 0; x < logConf.length; x++) logConf[x] = log(confusion[x]);
    fillWithLogPriors(post, priors, K);
    for (let n = 0; n < nAnswers; n++) {
      const o = itemIdx[n] * K;
      const base = workerIdx[n] * K * K + labelIdx[n];
      for (let c = 0; c < K; c++) post[o + c] += logConf[base + c * K];
    }
    const ll = softmaxRows(post, K);
    clampGold(post, gold, K);
    return ll;
  };

  const mStep = (): void => {
    confusion.fill(0);
    for (let n = 0; n < nAnswers; n++) {
      const o = itemIdx[n] * K;
      const base = workerIdx[n] * K * K + labelIdx[n];
      for (let c = 0; c < K; c++) confusion[base + c * K] += post[o + c];
    }
    for (let r = 0; r < W * K; r++) {
      const o = r * K;
      let s = 0;
      confusion[o + (r % K)] += diagonalPrior;
      for (let l = 0; l < K; l++) s += confusion[o + l] += smoothing;
      for (let l = 0; l < K; l++) confusion[o + l] = s > 0 ? confusion[o + l] / s : 1 / K;
    }
    if (options.learnPriors === false) return;
    priors.fill(priorSmoothing);
    addPosteriorMass(post, a.nItems, K, priors);
    let s = 0;
    for (let c = 0; c < K; c++) s += priors[c];
    for (let c = 0; c < K; c++) priors[c] /= s;
  };

  if (options.warmStart) {
    const ws = options.warmStart;
    const cm = carryOverPriors(ws, a.classNames, priors);
    const wm = alignByName(ws.workerNames, a.workerNames);
    const Kp = ws.classNames.length;
    for (let w = 0; w < W; w++) {
      for (let c = 0; c < K; c++) {
        for (let l = 0; l < K; l++) {
          // A worker the previous fit never saw contributes nothing to the first E-step.
          confusion[(w * K + c) * K + l] =
            wm[w] < 0 ? 1 : ws.confusion[(wm[w] * Kp + cm[c]) * Kp + cm[l]];
        }
      }
    }
    eStep();
  } else {
    post.set(majorityVote(a, { gold: options.gold }).posterior);
  }

  const run = iterateEm(mStep, eStep, { ...settings, nAnswers });

  const reliability = new Float64Array(W);
  for (let w = 0; w < W; w++) {
    let s = 0;
    for (let c = 0; c < K; c++) s += priors[c] * confusion[(w * K + c) * K + c];
    reliability[w] = s;
  }
  return finishEm(a, post, reliability, run, { ...modelNames('ds', a), priors, confusion });
}
