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
const { abs, exp, log, log1p, max, min } = Math;

export interface GladParams extends ClassModelParams<'glad'> {
  readonly itemNames: readonly string[];
  /** Worker ability α (0 = guessing, negative = adversarial). */
  readonly alpha: Float64Array;
  /** Item log inverse difficulty b; β = e^b, large β = easy item. */
  readonly logBeta: Float64Array;
}

export interface GladOptions extends EmOptions<GladParams> {
  /** Gaussian prior on α (default mean 1, variance 1). */
  readonly alphaPrior?: { readonly mean: number; readonly variance: number };
  /** Gaussian prior on ln β (default mean 0, variance 1). */
  readonly logBetaPrior?: { readonly mean: number; readonly variance: number };
  /** Fisher-scoring sweeps (workers then items) per M-step (default 2). */
  readonly mSteps?: number;
  /** Estimate class priors (default false: uniform, as GLAD's fixed p(Z) in the paper). */
  readonly learnPriors?: boolean;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)));

/**
 * GLAD (Whitehill et al., NIPS 2009): P(answer correct) = σ(α_worker · β_item); a wrong answer
 * picks any other class uniformly. EM with a generalised M-step (per-parameter Fisher scoring,
 * which separates by worker and by item). Reliability = σ(α), accuracy on an item with β = 1.
 */
export function glad(a: Answers, options: GladOptions = {}): AggregationResult<GladParams> {
  const settings = emSettings(a, options);
  const { gold } = settings;
  const K = a.nClasses;
  const W = a.nWorkers;
  const I = a.nItems;
  const mSteps = options.mSteps ?? 2;
  const ap = options.alphaPrior ?? { mean: 1, variance: 1 };
  const bp = options.logBetaPrior ?? { mean: 0, variance: 1 };
  const { itemIdx, workerIdx, labelIdx, nAnswers } = a;
  const logKm1 = log(K - 1);

  const priors = new Float64Array(K).fill(1 / K);
  const alpha = new Float64Array(W).fill(ap.mean);
  const logBeta = new Float64Array(I).fill(bp.mean);
  const beta = new Float64Array(I);
  const syncBeta = () => {
    for (let i = 0; i < I; i++) beta[i] = exp(logBeta[i]);
  };
  const knownWorker = new Uint8Array(W).fill(1);
  const post = new Float64Array(I * K);
  const offset = new Float64Array(I);
  const g = new Float64Array(max(W, I));
  const h = new Float64Array(max(W, I));

  const eStep = (): number => {
    offset.fill(0);
    fillWithLogPriors(post, priors, K);
    for (let n = 0; n < nAnswers; n++) {
      const w = workerIdx[n];
      if (!knownWorker[w]) continue;
      const i = itemIdx[n];
      const x = alpha[w] * beta[i];
      // log σ(x) and log σ(−x) share one exp and one log1p.
      const l1p = log1p(exp(-abs(x)));
      const right = x >= 0 ? -l1p : x - l1p;
      const wrong = (x >= 0 ? -x - l1p : -l1p) - logKm1;
      offset[i] += wrong;
      post[i * K + labelIdx[n]] += right - wrong;
    }
    const ll = softmaxRows(post, K, offset);
    clampGold(post, gold, K);
    return ll;
  };

  const mStep = (): void => {
    knownWorker.fill(1);
    for (let sweep = 0; sweep < mSteps; sweep++) {
      // Workers (items fixed): each α_w is its own 1-D problem.
      g.fill(0, 0, W);
      h.fill(0, 0, W);
      for (let n = 0; n < nAnswers; n++) {
        const w = workerIdx[n];
        const i = itemIdx[n];
        const b = beta[i];
        const s = sigmoid(alpha[w] * b);
        g[w] += (post[i * K + labelIdx[n]] - s) * b;
        h[w] += s * (1 - s) * b * b;
      }
      for (let w = 0; w < W; w++) {
        const grad = g[w] - (alpha[w] - ap.mean) / ap.variance;
        const step = grad / (h[w] + 1 / ap.variance);
        alpha[w] += max(-2, min(2, step));
      }
      // Items (workers fixed).
      g.fill(0, 0, I);
      h.fill(0, 0, I);
      for (let n = 0; n < nAnswers; n++) {
        const w = workerIdx[n];
        const i = itemIdx[n];
        const x = alpha[w] * beta[i];
        const s = sigmoid(x);
        g[i] += (post[i * K + labelIdx[n]] - s) * x;
        h[i] += s * (1 - s) * x * x;
      }
      for (let i = 0; i < I; i++) {
        const grad = g[i] - (logBeta[i] - bp.mean) / bp.variance;
        const step = grad / (h[i] + 1 / bp.variance);
        logBeta[i] += max(-1, min(1, step));
      }
      syncBeta();
    }
    if (!options.learnPriors) return;
    priorsFromPosterior(post, I, K, priors);
    for (let c = 0; c < K; c++) priors[c] = max(priors[c], 1e-12);
  };

  syncBeta();
  if (options.warmStart) {
    const ws = options.warmStart;
    carryOverPriors(ws, a.classNames, priors);
    knownWorker.set(carryOverByName(alignByName(ws.workerNames, a.workerNames), ws.alpha, alpha));
    carryOverByName(alignByName(ws.itemNames, a.itemNames), ws.logBeta, logBeta);
    syncBeta();
    eStep();
  } else {
    post.set(majorityVote(a, { gold: options.gold }).posterior);
  }

  const run = iterateEm(mStep, eStep, { ...settings, nAnswers });
  return finishEm(a, post, Float64Array.from(alpha, sigmoid), run, {
    ...modelNames('glad', a),
    itemNames: a.itemNames,
    priors,
    alpha,
    logBeta,
  });
}
