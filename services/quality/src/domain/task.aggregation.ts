import {
  asDawidSkeneParams,
  autoAggregation,
  buildAnswers,
  dawidSkene,
  type DawidSkeneParams,
  type GoldLabels,
  majorityVote,
  sortClassNames,
  workerAnswerCounts,
} from '@verity/label-science';

/** One human answer as the aggregation sees it: DS item = item id, worker = annotator, label = answer key. */
export interface LabelRow {
  item: string;
  worker: string;
  label: string;
}

export interface DsFitOptions {
  smoothing: number;
  /** Pseudo-count per class in the priors: keeps every class alive through warm starts. */
  priorSmoothing: number;
  /** Pseudo-count on each confusion row's diagonal (see QUALITY_DS_DIAGONAL_PRIOR). */
  diagonalPrior?: number;
  maxIter: number;
}

/** Which model the default aggregation kept, and both candidates' BIC. */
export interface FitChoice {
  model: 'ds' | 'mace';
  bic: { ds: number; mace: number };
}

export interface DsFit extends FitChoice {
  params: DawidSkeneParams;
  /** Per annotator: DS reliability and the number of answers it rests on. */
  workers: { annotatorId: string; reliability: number; answers: number }[];
  iterations: number;
  converged: boolean;
  logLikelihood: number | null;
  warmStarted: boolean;
}

/** The class set of a fit: the previous fit's classes, the question's options and every observed key. */
export function fitClasses(previous: readonly string[] | undefined, options: readonly string[], observed: Iterable<string>): string[] {
  return sortClassNames([...(previous ?? []), ...options, ...observed]);
}

/**
 * Refits the question's model with the library's default aggregation (autoAggregation: Dawid-Skene
 * or MACE, whichever has the higher BIC), gold items clamped. The result is kept in confusion-matrix
 * form (DawidSkeneParams), so storage, warm starts and task scoring stay those of Dawid-Skene.
 * The previous fit warm-starts the Dawid-Skene candidate when it knows every class (a new class
 * forces a cold start, from majority-vote shares). Null when there are fewer than two classes.
 */
export function refitDawidSkene(
  rows: readonly LabelRow[],
  classes: readonly string[],
  gold: GoldLabels,
  previous: DawidSkeneParams | undefined,
  opts: DsFitOptions,
): DsFit | null {
  if (rows.length === 0 || classes.length < 2) return null;
  const a = buildAnswers(rows, { classes });
  const known = new Set(a.classNames);
  const goldKnown = new Map<string, string>();
  for (const [item, label] of gold instanceof Map ? gold : Object.entries(gold)) if (known.has(label)) goldKnown.set(item, label);
  const warm = previous !== undefined && a.classNames.every((c) => previous.classNames.includes(c));
  const fit = autoAggregation(a, {
    gold: goldKnown,
    warmStart: warm ? previous : undefined,
    smoothing: opts.smoothing,
    priorSmoothing: opts.priorSmoothing,
    diagonalPrior: opts.diagonalPrior,
    maxIter: opts.maxIter,
  });
  const r = { ...fit, params: asDawidSkeneParams(fit.params) };
  const counts = workerAnswerCounts(a);
  return {
    params: r.params,
    model: fit.params.chosen,
    bic: fit.params.bic,
    workers: r.workerNames.map((annotatorId, w) => ({ annotatorId, reliability: r.reliability[w], answers: counts[w] })),
    iterations: r.iterations,
    converged: r.converged,
    logLikelihood: r.logLikelihood,
    warmStarted: warm,
  };
}

export interface TaskPosterior {
  label: string;
  /** Posterior per class (answer key), summing to 1. */
  posterior: Map<string, number>;
  confidence: number;
}

/** Whether a fit can score a task without a refit: it knows every annotator and every key. */
export function fitCovers(params: DawidSkeneParams, rows: readonly LabelRow[]): boolean {
  return rows.every((r) => params.workerNames.includes(r.worker) && params.classNames.includes(r.label));
}

/**
 * The task's posterior under a fitted DS model: one E-step of the library's dawidSkene started
 * from the fit (maxIter 0), i.e. π_c · Π_answers P(answer | c), normalized. Each answer is weighed
 * by its annotator's confusion matrix, so a poor annotator's answer moves the posterior little.
 */
export function dsTaskPosterior(params: DawidSkeneParams, rows: readonly LabelRow[], smoothing: number): TaskPosterior {
  const a = buildAnswers(rows, { classes: params.classNames });
  const r = dawidSkene(a, { warmStart: params, maxIter: 0, smoothing });
  const K = r.classNames.length;
  const posterior = new Map<string, number>();
  for (let c = 0; c < K; c++) posterior.set(r.classNames[c], r.posterior[c]);
  return { label: r.labels[0], posterior, confidence: r.confidence[0] };
}

/** Majority vote of one task (label-science, class-order tie rule); posterior = vote shares. */
export function majorityTaskPosterior(rows: readonly LabelRow[]): TaskPosterior {
  const labels = new Set(rows.map((r) => r.label));
  // The library needs two classes; a unanimous task gets a phantom class with no votes.
  const extra = labels.size < 2 ? ['\u0000none'] : [];
  const a = buildAnswers(rows, { extraClasses: extra });
  const r = majorityVote(a);
  const posterior = new Map<string, number>();
  r.classNames.forEach((c, k) => {
    if (!extra.includes(c)) posterior.set(c, r.posterior[k]);
  });
  return { label: r.labels[0], posterior, confidence: r.confidence[0] };
}

/** DS parameters to and from storage (classes, workers, priors as JSON; confusion as float64 bytes). */
export function serializeParams(p: DawidSkeneParams) {
  return {
    classNames: [...p.classNames],
    workerNames: [...p.workerNames],
    priors: Array.from(p.priors),
    confusion: Buffer.from(p.confusion.buffer, p.confusion.byteOffset, p.confusion.byteLength),
  };
}

export function deserializeParams(s: { classNames: string[]; workerNames: string[]; priors: number[]; confusion: Buffer }): DawidSkeneParams {
  const copy = new Uint8Array(s.confusion.byteLength);
  copy.set(s.confusion);
  return {
    method: 'ds',
    classNames: s.classNames,
    workerNames: s.workerNames,
    priors: Float64Array.from(s.priors),
    confusion: new Float64Array(copy.buffer),
  };
}
