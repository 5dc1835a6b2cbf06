import { buildAnswers, cohenKappa, fleissKappa, krippendorffAlpha, pairwiseAgreement, type Defined } from '@verity/label-science';

/** One human answer on a real task, for the agreement metrics of a window. */
export interface MetricRow {
  taskId: string;
  annotatorId: string;
  key: string;
}

export interface MetricValue {
  value: number | null;
  /** Why the value is undefined (e.g. "no item with two answers"). */
  reason?: string;
}

export interface PairKappa {
  annotatorA: string;
  annotatorB: string;
  sharedTasks: number;
  kappa: MetricValue;
}

export interface WindowMetrics {
  tasks: number;
  answers: number;
  annotators: number;
  pairwiseAgreement: MetricValue;
  fleissKappa: MetricValue;
  krippendorffAlpha: MetricValue;
  /** Cohen's kappa per annotator pair sharing at least `minOverlap` tasks, most shared first. */
  cohenKappa: PairKappa[];
}

const metric = (d: Defined<number>): MetricValue => (d.defined ? { value: d.value } : { value: null, reason: d.reason });

/**
 * Agreement of one question over a window, all from label-science: mean pairwise agreement,
 * Fleiss' kappa, Krippendorff's alpha (nominal) and Cohen's kappa for annotator pairs.
 */
export function windowMetrics(rows: readonly MetricRow[], opts: { minOverlap: number; maxPairs: number }): WindowMetrics {
  const empty: MetricValue = { value: null, reason: 'no answers' };
  if (rows.length === 0) {
    return { tasks: 0, answers: 0, annotators: 0, pairwiseAgreement: empty, fleissKappa: empty, krippendorffAlpha: empty, cohenKappa: [] };
  }
  const a = buildAnswers(rows.map((r) => ({ item: r.taskId, worker: r.annotatorId, label: r.key })));
  const fleiss = fleissKappa(a);
  const alpha = krippendorffAlpha(a, { metric: 'nominal' });

  // Shared tasks per annotator pair, counted task by task (O(tasks × N²)), then kappa for the
  // most-shared pairs only (each Cohen's kappa is one pass over the answers).
  const byTask = new Map<string, Set<string>>();
  for (const r of rows) {
    let s = byTask.get(r.taskId);
    if (!s) byTask.set(r.taskId, (s = new Set()));
    s.add(r.annotatorId);
  }
  const shared = new Map<string, number>();
  for (const set of byTask.values()) {
    const ws = [...set].sort();
    for (let i = 0; i < ws.length; i++) for (let j = i + 1; j < ws.length; j++) {
      const k = `${ws[i]}\u0000${ws[j]}`;
      shared.set(k, (shared.get(k) ?? 0) + 1);
    }
  }
  const candidates = [...shared.entries()]
    .filter(([, n]) => n >= opts.minOverlap)
    .map(([k, n]) => {
      const [x, y] = k.split('\u0000');
      return { annotatorA: x, annotatorB: y, sharedTasks: n };
    })
    .sort((p, q) => q.sharedTasks - p.sharedTasks || p.annotatorA.localeCompare(q.annotatorA) || p.annotatorB.localeCompare(q.annotatorB))
    .slice(0, opts.maxPairs);
  const pairs: PairKappa[] = candidates.map((c) => {
    const k = cohenKappa(a, c.annotatorA, c.annotatorB);
    return { ...c, kappa: k.defined ? { value: k.value.kappa } : { value: null, reason: k.reason } };
  });
  return {
    tasks: a.nItems,
    answers: a.nAnswers,
    annotators: a.nWorkers,
    pairwiseAgreement: metric(pairwiseAgreement(a).mean),
    fleissKappa: fleiss.defined ? { value: fleiss.value.kappa } : { value: null, reason: fleiss.reason },
    krippendorffAlpha: alpha.defined ? { value: alpha.value.alpha } : { value: null, reason: alpha.reason },
    cohenKappa: pairs,
  };
}
