import type { Answers } from '../answers';
import { dawidSkene, type DawidSkeneParams } from './dawid-skene';
import { mace, type MaceParams } from './mace';
import { type AggregationOptions, type AggregationResult, finish } from './result';

const { log } = Math;

/** The method used when none is named (CLI without --method, the quality service). */
export const DEFAULT_METHOD = 'auto' as const;

/** Per worker confusion matrices and class priors: what scores a task in one E-step. */
export interface ConfusionParams {
  readonly classNames: readonly string[];
  readonly workerNames: readonly string[];
  readonly priors: Float64Array;
  /** Flat workers × true class × answered class, as in {@link DawidSkeneParams}. */
  readonly confusion: Float64Array;
}

export interface AutoParams extends ConfusionParams {
  readonly method: 'auto';
  /** The model kept. */
  readonly chosen: 'ds' | 'mace';
  /** BIC = log-likelihood − ½ · free parameters · ln(answers), per candidate. */
  readonly bic: { readonly ds: number; readonly mace: number };
}

export interface AutoOptions extends AggregationOptions<ConfusionParams> {
  readonly maxIter?: number;
  readonly tol?: number;
  /** Dawid-Skene's pseudo-count per confusion cell (its default 1e-6). */
  readonly smoothing?: number;
  /** Dawid-Skene's pseudo-count per class in the priors (its default 0). */
  readonly priorSmoothing?: number;
  /** Dawid-Skene's pseudo-count on each confusion row's diagonal (its default 0). */
  readonly diagonalPrior?: number;
}

/**
 * The default aggregation: fits Dawid-Skene (a full confusion matrix per worker) and MACE (one
 * spam rate and one spamming strategy per worker) on the same answers and keeps the model with
 * the higher BIC, the Laplace approximation of the marginal likelihood: log-likelihood minus
 * ½ · free parameters · ln(answers). DS has W·K(K−1) + K−1 free parameters, MACE W·K (uniform
 * priors). Few answers per worker favour MACE (DS overfits its confusion matrices, e.g.
 * s_adult), many favour DS where workers have class-specific biases (e.g. bluebirds).
 * No per-data-set parameter. The warm start (confusion form) seeds DS; MACE starts from majority
 * vote. Params are always in confusion form (MACE: P(l | c) = spam·strategy_l + (1 − spam)·[l = c]),
 * so one E-step of `dawidSkene` with them reproduces the chosen posterior.
 * Reliability = Σ_c prior_c · P(c | c). Cost: one DS fit plus one MACE fit.
 */
export function autoAggregation(
  a: Answers,
  options: AutoOptions = {},
): AggregationResult<AutoParams> {
  const { gold, maxIter, tol } = options;
  const warm = options.warmStart;
  const ds = dawidSkene(a, {
    gold,
    maxIter,
    tol,
    smoothing: options.smoothing,
    priorSmoothing: options.priorSmoothing,
    diagonalPrior: options.diagonalPrior,
    warmStart: warm ? { ...warm, method: 'ds' } : undefined,
  });
  const m = mace(a, { gold, maxIter, tol });
  const K = a.nClasses;
  const W = a.nWorkers;
  const lnN = log(a.nAnswers);
  const bic = {
    ds: (ds.logLikelihood ?? -Infinity) - 0.5 * (W * K * (K - 1) + K - 1) * lnN,
    mace: (m.logLikelihood ?? -Infinity) - 0.5 * W * K * lnN,
  };
  const chosen = bic.mace > bic.ds ? 'mace' : 'ds';
  const fit = chosen === 'ds' ? ds : m;
  const cp: ConfusionParams = chosen === 'ds' ? ds.params : maceConfusion(m.params);
  return finish(a, 'auto', fit.posterior, fit.labelIdx, expectedAccuracy(cp, K), {
    iterations: ds.iterations + m.iterations,
    converged: ds.converged && m.converged,
    logLikelihood: fit.logLikelihood,
    params: { method: 'auto', chosen, bic, ...cp },
  });
}

/** MACE's parameters as confusion matrices: P(l | c) = spam·strategy_l + (1 − spam)·[l = c]. */
export function maceConfusion(p: MaceParams): ConfusionParams {
  const K = p.classNames.length;
  const W = p.workerNames.length;
  const confusion = new Float64Array(W * K * K);
  for (let w = 0; w < W; w++) {
    for (let c = 0; c < K; c++) {
      for (let l = 0; l < K; l++) {
        confusion[(w * K + c) * K + l] =
          p.spam[w] * p.strategy[w * K + l] + (l === c ? 1 - p.spam[w] : 0);
      }
    }
  }
  return { classNames: p.classNames, workerNames: p.workerNames, priors: p.priors, confusion };
}

/** Confusion-form parameters as Dawid-Skene's (to store, warm-start or score a task with). */
export function asDawidSkeneParams(p: ConfusionParams): DawidSkeneParams {
  return {
    method: 'ds',
    classNames: p.classNames,
    workerNames: p.workerNames,
    priors: p.priors,
    confusion: p.confusion,
  };
}

function expectedAccuracy(p: ConfusionParams, K: number): Float64Array {
  const W = p.workerNames.length;
  const out = new Float64Array(W);
  for (let w = 0; w < W; w++) {
    let s = 0;
    for (let c = 0; c < K; c++) s += p.priors[c] * p.confusion[(w * K + c) * K + c];
    out[w] = s;
  }
  return out;
}
