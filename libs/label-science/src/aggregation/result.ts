import type { Answers } from '../answers';

// Module-level aliases: under jest's vm sandbox every global lookup in a hot loop is slow.
const { exp, log } = Math;
const NEG_INF = -Infinity;

export type MethodName = 'mv' | 'wmv' | 'ds' | 'onecoin' | 'glad' | 'mace' | 'labelmodel' | 'auto';

/** Gold labels by item name → class name. Gold items are clamped (one-hot posterior). */
export type GoldLabels = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export interface AggregationOptions<P> {
  readonly gold?: GoldLabels;
  /** Parameters of a previous fit (its `params`); matched to this data by worker/item/class name. */
  readonly warmStart?: P;
}

export interface EmOptions<P> extends AggregationOptions<P> {
  /** Iteration cap (default 100). */
  readonly maxIter?: number;
  /** Stop when the log-likelihood per answer changes by less than this (default 1e-7). */
  readonly tol?: number;
}

/** The fields every probabilistic model's parameters share (pass back as `warmStart`). */
export interface ClassModelParams<M extends MethodName> {
  readonly method: M;
  readonly classNames: readonly string[];
  readonly workerNames: readonly string[];
  /** Class priors P(truth = c), in class order. */
  readonly priors: Float64Array;
}

export interface AggregationResult<P> {
  readonly method: MethodName;
  readonly itemNames: readonly string[];
  readonly workerNames: readonly string[];
  readonly classNames: readonly string[];
  /** Class id per item. */
  readonly labelIdx: Int32Array;
  /** Class name per item. */
  readonly labels: readonly string[];
  /** Flat items × classes, row-major; each row sums to 1. */
  readonly posterior: Float64Array;
  /** Max posterior per item. */
  readonly confidence: Float64Array;
  /** Per worker, an estimate of the probability of answering correctly (method-specific, see README). */
  readonly reliability: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  /** Marginal log-likelihood of the answers under the fitted model; null where the method has none. */
  readonly logLikelihood: number | null;
  /** Fitted parameters; pass back as `warmStart`. */
  readonly params: P;
}

export function posteriorRow(
  r: { posterior: Float64Array; classNames: readonly string[] },
  item: number,
): Float64Array {
  const K = r.classNames.length;
  return r.posterior.subarray(item * K, item * K + K);
}

/** Class id of the gold label per item, -1 where none. Unknown gold classes are an error. */
export function goldIndex(a: Answers, gold: GoldLabels | undefined): Int32Array {
  const out = new Int32Array(a.nItems).fill(-1);
  if (!gold) return out;
  const entries =
    gold instanceof Map ? [...gold.entries()] : Object.entries(gold as Record<string, string>);
  if (entries.length === 0) return out;
  const items = new Map(a.itemNames.map((n, i) => [n, i]));
  const classes = new Map(a.classNames.map((n, i) => [n, i]));
  for (const [item, label] of entries) {
    const i = items.get(item);
    if (i === undefined) continue; // gold for an item nobody answered cannot affect the fit
    const c = classes.get(label);
    if (c === undefined) {
      throw new Error(
        `gold label "${label}" for item "${item}" is not a known class (${a.classNames.join(',')})`,
      );
    }
    out[i] = c;
  }
  return out;
}

export function clampGold(post: Float64Array, gold: Int32Array, K: number): void {
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i];
    if (g < 0) continue;
    const o = i * K;
    for (let c = 0; c < K; c++) post[o + c] = c === g ? 1 : 0;
  }
}

/**
 * Turns per-item log scores into posteriors in place; returns the summed log normaliser
 * (plus `offset[i]`, a per-item constant added to every class score, when given).
 */
export function softmaxRows(logp: Float64Array, K: number, offset?: Float64Array): number {
  let ll = 0;
  const n = logp.length / K;
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let m = NEG_INF;
    for (let c = 0; c < K; c++) if (logp[o + c] > m) m = logp[o + c];
    if (m === NEG_INF) {
      for (let c = 0; c < K; c++) logp[o + c] = 1 / K;
      continue;
    }
    let s = 0;
    for (let c = 0; c < K; c++) {
      const e = exp(logp[o + c] - m);
      logp[o + c] = e;
      s += e;
    }
    for (let c = 0; c < K; c++) logp[o + c] /= s;
    ll += m + log(s) + (offset ? offset[i] : 0);
  }
  return ll;
}

/** Lowest class id with the maximal posterior (EM methods' documented tie rule). */
export function argmaxRows(post: Float64Array, K: number): Int32Array {
  const n = post.length / K;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let best = 0;
    for (let c = 1; c < K; c++) if (post[o + c] > post[o + best]) best = c;
    out[i] = best;
  }
  return out;
}

export function finish<P>(
  a: Answers,
  method: MethodName,
  post: Float64Array,
  labelIdx: Int32Array,
  reliability: Float64Array,
  fit: { iterations: number; converged: boolean; logLikelihood: number | null; params: P },
): AggregationResult<P> {
  const K = a.nClasses;
  const confidence = new Float64Array(a.nItems);
  for (let i = 0; i < a.nItems; i++) confidence[i] = post[i * K + labelIdx[i]];
  return {
    method,
    itemNames: a.itemNames,
    workerNames: a.workerNames,
    classNames: a.classNames,
    labelIdx,
    labels: Array.from(labelIdx, (c) => a.classNames[c]),
    posterior: post,
    confidence,
    reliability,
    ...fit,
  };
}

/** `method`, `classNames` and `workerNames` of a model's parameters, taken from the answers. */
export function modelNames<M extends MethodName>(
  method: M,
  a: Answers,
): { readonly method: M; readonly classNames: readonly string[]; readonly workerNames: readonly string[] } {
  return { method, classNames: a.classNames, workerNames: a.workerNames };
}

/** Result of an EM method: labels are the posterior's argmax (lowest class id on ties). */
export function finishEm<P extends { readonly method: MethodName }>(
  a: Answers,
  post: Float64Array,
  reliability: Float64Array,
  run: { iterations: number; converged: boolean; logLikelihood: number },
  params: P,
): AggregationResult<P> {
  return finish(a, params.method, post, argmaxRows(post, a.nClasses), reliability, {
    iterations: run.iterations,
    converged: run.converged,
    logLikelihood: run.logLikelihood,
    params,
  });
}

export function requireClasses(a: Answers): void {
  if (a.nAnswers === 0) throw new Error('no answers to aggregate');
  if (a.nClasses < 2)
    throw new Error(`aggregation needs at least two classes, found ${a.nClasses}`);
}
