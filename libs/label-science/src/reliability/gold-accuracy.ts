import type { Answers } from '../answers';
import { type Defined } from '../defined';
import type { GoldLabels } from '../aggregation/result';
import { type Proportion, wilsonInterval } from '../stats/wilson';

export interface WorkerGoldAccuracy {
  readonly worker: string;
  readonly correct: number;
  readonly total: number;
  /** Share correct with a Wilson interval; undefined for a worker who answered no gold item. */
  readonly accuracy: Defined<Proportion>;
}

export interface GoldAccuracy {
  readonly workers: readonly WorkerGoldAccuracy[];
  readonly overall: Defined<Proportion>;
}

/**
 * Honeypot / gold-standard accuracy per worker: the share of their answers on gold items that
 * equal the gold label, with a Wilson interval. Every answer counts (repeats included). This is
 * measured against known truth and is deliberately separate from agreement between workers.
 */
export function goldAccuracy(
  a: Answers,
  gold: GoldLabels,
  options: { z?: number } = {},
): GoldAccuracy {
  const z = options.z ?? 1.96;
  const entries =
    gold instanceof Map ? [...gold.entries()] : Object.entries(gold as Record<string, string>);
  const classOf = new Map(a.classNames.map((c, i) => [c, i]));
  const itemOf = new Map(a.itemNames.map((n, i) => [n, i]));
  // -1: not gold; -2: gold with a class no worker used (no answer can match it).
  const truth = new Int32Array(a.nItems).fill(-1);
  for (const [item, label] of entries) {
    const i = itemOf.get(item);
    if (i !== undefined) truth[i] = classOf.get(label) ?? -2;
  }
  const correct = new Int32Array(a.nWorkers);
  const total = new Int32Array(a.nWorkers);
  for (let n = 0; n < a.nAnswers; n++) {
    const t = truth[a.itemIdx[n]];
    if (t === -1) continue;
    total[a.workerIdx[n]]++;
    if (t === a.labelIdx[n]) correct[a.workerIdx[n]]++;
  }
  let c = 0;
  let t = 0;
  const workers = a.workerNames.map((worker, w) => {
    c += correct[w];
    t += total[w];
    return {
      worker,
      correct: correct[w],
      total: total[w],
      accuracy: wilsonInterval(correct[w], total[w], z),
    };
  });
  return { workers, overall: wilsonInterval(c, t, z) };
}
