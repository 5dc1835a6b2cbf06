import type { Answers } from '../answers';
import { addPosteriorMass } from './class-priors';
import { type EmRun, iterateEm } from './em-loop';
import { emSettings } from './em-settings';
import { maximiseOverBinaryBalance } from './label-model-balance';
import { matchMoments, voteMoments } from './label-model-moments';
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

// Module-level aliases: under jest's vm sandbox every global lookup in a hot loop is slow.
const { log, max } = Math;

/** `workerNames` are the labeling functions; `priors` is the class balance P(y). */
export interface LabelModelParams extends ClassModelParams<'labelmodel'> {
  /**
   * Flat LFs × true class × (K + 1) outcomes: P(LF votes l | y) at [(j*K + y)*(K+1) + l] for
   * l < K, and P(LF abstains | y) at l = K. Rows sum to 1.
   */
  readonly votes: Float64Array;
}

export interface LabelModelOptions extends EmOptions<LabelModelParams> {
  /**
   * EM (more than two classes): pseudo-count on every cell of every LF's outcome distribution
   * (default 1).
   */
  readonly smoothing?: number;
  /** EM (more than two classes): pseudo-count on every class of the class balance (default 1). */
  readonly priorSmoothing?: number;
  /**
   * Items that may have no vote: they are added to the output (after the voted items, in this
   * order) with the class balance as their posterior. Names already among the votes are skipped.
   */
  readonly items?: readonly string[];
}

/**
 * Label model for weak-supervision votes (labeling functions as workers, an abstain = no row).
 * Each LF has, per true class y, a distribution over K + 1 outcomes, "votes l" and "abstains":
 * its propensity to fire and its accuracy are both class-conditional, so an LF that only ever
 * votes one class is informative through *when* it fires (P(votes spam | spam) ≫
 * P(votes spam | ham)), where Dawid-Skene sees a constant answer and learns nothing, or
 * collapses. Plus the class balance π. LFs are conditionally independent given the class.
 * Inference: P(y | item) ∝ π_y · Π_LFs P(outcome | y), abstains included.
 * Two classes: Snorkel's LabelModel fit with the class balance estimated instead of assumed:
 * - for a given π, the rates match every LF pair's co-votes and every vote's share
 *   (`matchMoments`, second moments only): LFs that fire together beyond what the class
 *   explains cannot take the latent class over, as they do under maximum likelihood;
 * - second moments do not identify π, so π maximises the profile likelihood (the full marginal
 *   likelihood of the votes, abstains included, at the moment-matched rates): a grid over the
 *   share of class 1, then golden section (`maximiseOverBinaryBalance`); `iterations` counts the
 *   balances tried. Gold items are clamped in the output but do not steer this fit.
 * More classes (the balance's profile likelihood is nearly flat there): EM with Dirichlet
 * smoothing, started from majority-vote shares (deterministic):
 * - E-step: the inference above.
 * - M-step: P(votes l | y) = (Σ_items voted l P(y) + s) / (Σ_items P(y) + (K + 1)·s), the
 *   remainder being P(abstains | y); then each vote is kept evidence for its own class
 *   (P(votes l | l) ≥ P(votes l | y), violators pooled); π from the posteriors.
 * The fit is over the items that received a vote (the votes are all it sees); an item with no
 * vote, named in `items`, gets the class balance. Repeated votes count, as everywhere here.
 * Reliability: P(vote right | the LF votes). Score new items with fitted parameters:
 * `labelModel(votes, { warmStart: fit.params, maxIter: 0 })`; `maxIter` and `tol` bound the EM
 * (more than two classes) and a warm start with `maxIter` > 0 continues it; two classes refit.
 * Cost: two classes, one pass over the votes for the co-votes, then per balance tried one moment
 * fit (O(voted (LF, label) pairs² × classes) per gradient step) and one pass for the likelihood;
 * more classes, O(votes × classes + LFs × classes²) per EM iteration.
 */
export function labelModel(
  votesIn: Answers,
  options: LabelModelOptions = {},
): AggregationResult<LabelModelParams> {
  const a = withExtraItems(votesIn, options.items);
  const settings = emSettings(a, options);
  const { gold, maxIter } = settings;
  const K = a.nClasses;
  const K1 = K + 1;
  const J = a.nWorkers;
  const nVoted = votesIn.nItems;
  const smoothing = options.smoothing ?? 1;
  const priorSmoothing = options.priorSmoothing ?? 1;
  const { itemIdx, workerIdx, labelIdx, nAnswers } = a;

  const priors = new Float64Array(K).fill(1 / K);
  const theta = new Float64Array(J * K * K1).fill(1 / K1);
  const logTheta = new Float64Array(J * K * K1);
  const allAbstain = new Float64Array(K);
  const post = new Float64Array(a.nItems * K);
  const fitted = post.subarray(0, nVoted * K);

  const eStep = (): number => {
    for (let x = 0; x < logTheta.length; x++) logTheta[x] = log(theta[x]);
    // Every LF abstains unless it voted: start each item from "all abstain", swap in its votes.
    for (let y = 0; y < K; y++) {
      let s = log(priors[y]);
      for (let j = 0; j < J; j++) s += logTheta[(j * K + y) * K1 + K];
      allAbstain[y] = s;
    }
    for (let i = 0; i < nVoted; i++) fitted.set(allAbstain, i * K);
    for (let n = 0; n < nAnswers; n++) {
      const o = itemIdx[n] * K;
      const row = workerIdx[n] * K * K1;
      const l = labelIdx[n];
      for (let y = 0; y < K; y++) {
        fitted[o + y] += logTheta[row + y * K1 + l] - logTheta[row + y * K1 + K];
      }
    }
    const ll = softmaxRows(fitted, K);
    clampGold(post, gold, K);
    return ll;
  };

  const mStep = (): void => {
    const mass = new Float64Array(K);
    addPosteriorMass(post, nVoted, K, mass);
    theta.fill(0);
    for (let n = 0; n < nAnswers; n++) {
      const o = itemIdx[n] * K;
      const j = workerIdx[n] * K;
      const l = labelIdx[n];
      for (let y = 0; y < K; y++) theta[(j + y) * K1 + l] += post[o + y];
    }
    for (let j = 0; j < J; j++) {
      for (let y = 0; y < K; y++) {
        const row = (j * K + y) * K1;
        let voted = 0;
        for (let l = 0; l < K; l++) voted += theta[row + l];
        theta[row + K] = max(0, mass[y] - voted);
        const total = mass[y] + K1 * smoothing;
        for (let l = 0; l < K1; l++) theta[row + l] = (theta[row + l] + smoothing) / total;
      }
      for (let l = 0; l < K; l++) poolViolators(theta, mass, j, l, K, smoothing);
    }
    const norm = nVoted + K * priorSmoothing;
    for (let y = 0; y < K; y++) priors[y] = (mass[y] + priorSmoothing) / norm;
  };

  let run: EmRun;
  if (K === 2 && !(options.warmStart && maxIter === 0)) {
    // Two classes: moment-matched rates at the class balance of maximum profile likelihood.
    const moments = voteMoments(votesIn, nVoted);
    let balancesTried = 0;
    const fitAt = (pi: Float64Array): number => {
      balancesTried++;
      priors.set(pi);
      theta.set(matchMoments(moments, pi));
      return eStep();
    };
    const logLikelihood = fitAt(maximiseOverBinaryBalance(fitAt));
    run = { iterations: balancesTried, converged: true, logLikelihood };
  } else {
    let startLogLikelihood = -Infinity;
    if (options.warmStart) {
      const ws = options.warmStart;
      const cm = carryOverPriors(ws, a.classNames, priors);
      const Kp = ws.classNames.length;
      alignByName(ws.workerNames, a.workerNames).forEach((p, j) => {
        for (let y = 0; y < K; y++) {
          const row = (j * K + y) * K1;
          // An LF the previous fit never saw: the same odds for every class, so it moves nothing.
          for (let l = 0; l < K1; l++) {
            const lp = l === K ? Kp : cm[l];
            theta[row + l] = p < 0 ? 1 / K1 : ws.votes[(p * Kp + cm[y]) * (Kp + 1) + lp];
          }
        }
      });
      startLogLikelihood = eStep();
    } else {
      fitted.set(majorityVote(votesIn, { gold: options.gold }).posterior);
    }
    run = iterateEm(mStep, eStep, { ...settings, nAnswers }, startLogLikelihood);
  }
  // Scoring with given parameters (maxIter 0) counts as converged.
  if (run.iterations === 0) run = { ...run, converged: true };

  for (let i = nVoted; i < a.nItems; i++) post.set(priors, i * K);
  clampGold(post, gold, K);
  return finishEm(a, post, lfAccuracy(theta, priors, J, K), run, {
    ...modelNames('labelmodel', a),
    priors,
    votes: theta,
  });
}

/** P(the vote is right | the LF votes) = Σ_y π_y P(votes y | y) / Σ_y π_y P(votes | y). */
function lfAccuracy(theta: Float64Array, priors: Float64Array, J: number, K: number): Float64Array {
  const K1 = K + 1;
  const out = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    let right = 0;
    let fires = 0;
    for (let y = 0; y < K; y++) {
      const row = (j * K + y) * K1;
      right += priors[y] * theta[row + y];
      fires += priors[y] * (1 - theta[row + K]);
    }
    out[j] = fires > 0 ? right / fires : 0;
  }
  return out;
}

function withExtraItems(a: Answers, items: readonly string[] | undefined): Answers {
  if (!items || items.length === 0) return a;
  const known = new Set(a.itemNames);
  const extra = [...new Set(items)].filter((n) => !known.has(n));
  if (extra.length === 0) return a;
  const itemNames = [...a.itemNames, ...extra];
  return { ...a, itemNames, nItems: itemNames.length };
}

/**
 * A vote for l is evidence for l: P(votes l | l) ≥ P(votes l | y) for every y ≠ l. Where the
 * M-step breaks this (the latent class drifting onto something else the LF correlates with),
 * the violating classes are pooled with l at their common rate (the constrained maximum
 * likelihood of "votes l or not"), and the abstain cells take up the difference.
 */
function poolViolators(
  theta: Float64Array,
  mass: Float64Array,
  j: number,
  l: number,
  K: number,
  smoothing: number,
): void {
  const K1 = K + 1;
  const at = (y: number) => (j * K + y) * K1 + l;
  const weight = (y: number) => mass[y] + K1 * smoothing;
  const pooled = new Uint8Array(K);
  pooled[l] = 1;
  let rate = theta[at(l)];
  for (;;) {
    let grew = false;
    for (let y = 0; y < K; y++) {
      if (!pooled[y] && theta[at(y)] > rate) {
        pooled[y] = 1;
        grew = true;
      }
    }
    if (!grew) break;
    let num = 0;
    let den = 0;
    for (let y = 0; y < K; y++) {
      if (!pooled[y]) continue;
      num += theta[at(y)] * weight(y);
      den += weight(y);
    }
    rate = num / den;
  }
  for (let y = 0; y < K; y++) {
    if (!pooled[y] || theta[at(y)] === rate) continue;
    const row = (j * K + y) * K1;
    theta[at(y)] = rate;
    // The abstain cell takes up the difference; an LF that (almost) never abstains has no room
    // for a raised cell, so the row is renormalised around the smallest abstain a fit can give.
    let votes = 0;
    for (let c = 0; c < K; c++) votes += theta[row + c];
    const abstain = max(smoothing / weight(y), 1 - votes, 1e-12);
    const total = votes + abstain;
    theta[row + K] = abstain;
    for (let c = 0; c < K1; c++) theta[row + c] /= total;
  }
}
