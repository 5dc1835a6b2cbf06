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
const { log, max } = Math;

export interface MaceParams extends ClassModelParams<'mace'> {
  /** Per worker, probability of answering without looking (spamming). */
  readonly spam: Float64Array;
  /** Flat workers × classes: the distribution a worker draws from when spamming. */
  readonly strategy: Float64Array;
}

export interface MaceOptions extends EmOptions<MaceParams> {
  /** Beta pseudo-counts (spam, honest) on each worker's spam probability (default 1, 1). */
  readonly spamPrior?: readonly [number, number];
  /** Pseudo-count on every class of a spamming strategy (default 0.5). */
  readonly strategySmoothing?: number;
  /** Learn class priors; MACE proper keeps them uniform (default false). */
  readonly learnPriors?: boolean;
}

/**
 * MACE (Hovy et al., NAACL 2013): a worker either knows the answer (probability 1 − spam) and
 * gives the truth, or spams and draws from their own strategy distribution. EM with MAP
 * smoothing, started from majority vote (deterministic; no random restarts).
 * Reliability = 1 − spam, MACE's "competence". Default iteration cap 300: the spam/strategy split
 * converges more slowly than DS.
 */
export function mace(a: Answers, options: MaceOptions = {}): AggregationResult<MaceParams> {
  const settings = emSettings(a, options, 300);
  const { gold } = settings;
  const K = a.nClasses;
  const W = a.nWorkers;
  const [spamA, spamB] = options.spamPrior ?? [1, 1];
  const stratSmooth = options.strategySmoothing ?? 0.5;
  const { itemIdx, workerIdx, labelIdx, nAnswers } = a;

  const priors = new Float64Array(K).fill(1 / K);
  const spam = new Float64Array(W).fill(0.5);
  const strategy = new Float64Array(W * K).fill(1 / K);
  const known = new Uint8Array(W).fill(1);
  const post = new Float64Array(a.nItems * K);
  const offset = new Float64Array(a.nItems);

  const eStep = (): number => {
    offset.fill(0);
    fillWithLogPriors(post, priors, K);
    for (let n = 0; n < nAnswers; n++) {
      const w = workerIdx[n];
      if (!known[w]) continue;
      const l = labelIdx[n];
      const p = max(spam[w] * strategy[w * K + l], 1e-300);
      const lp = log(p);
      offset[itemIdx[n]] += lp;
      post[itemIdx[n] * K + l] += log(p + 1 - spam[w]) - lp;
    }
    const ll = softmaxRows(post, K, offset);
    clampGold(post, gold, K);
    return ll;
  };

  const mStep = (): void => {
    const spamCount = new Float64Array(W);
    const total = new Float64Array(W);
    const strat = new Float64Array(W * K);
    for (let n = 0; n < nAnswers; n++) {
      const w = workerIdx[n];
      const l = labelIdx[n];
      const q = post[itemIdx[n] * K + l];
      const p = spam[w] * strategy[w * K + l];
      // P(spamming | answer, data): certain if the truth differs from the answer, else split by odds.
      const honest = (q * (1 - spam[w])) / (p + 1 - spam[w]);
      const s = 1 - honest;
      spamCount[w] += s;
      strat[w * K + l] += s;
      total[w]++;
    }
    for (let w = 0; w < W; w++) {
      spam[w] = (spamCount[w] + spamA) / (total[w] + spamA + spamB);
      let s = 0;
      for (let c = 0; c < K; c++) s += strat[w * K + c] + stratSmooth;
      for (let c = 0; c < K; c++)
        strategy[w * K + c] = s > 0 ? (strat[w * K + c] + stratSmooth) / s : 1 / K;
    }
    known.fill(1);
    if (!options.learnPriors) return;
    priorsFromPosterior(post, a.nItems, K, priors);
    for (let c = 0; c < K; c++) priors[c] = max(priors[c], 1e-12);
  };

  if (options.warmStart) {
    const ws = options.warmStart;
    const cm = carryOverPriors(ws, a.classNames, priors);
    const Kp = ws.classNames.length;
    const wm = alignByName(ws.workerNames, a.workerNames);
    known.set(carryOverByName(wm, ws.spam, spam));
    wm.forEach((p, w) => {
      if (p < 0) return;
      for (let c = 0; c < K; c++) strategy[w * K + c] = ws.strategy[p * Kp + cm[c]];
    });
    eStep();
  } else {
    post.set(majorityVote(a, { gold: options.gold }).posterior);
  }

  const run = iterateEm(mStep, eStep, { ...settings, nAnswers });
  return finishEm(
    a,
    post,
    Float64Array.from(spam, (s) => 1 - s),
    run,
    { ...modelNames('mace', a), priors, spam, strategy },
  );
}
