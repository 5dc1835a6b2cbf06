import { buildAnswers, cohenKappa, fleissKappa, krippendorffAlpha } from '@verity/label-science';
import { MetricRow, windowMetrics } from './window.metrics';

const rows: MetricRow[] = [];
const add = (task: string, labels: Record<string, string>) => {
  for (const [annotatorId, key] of Object.entries(labels)) rows.push({ taskId: task, annotatorId, key });
};
add('t1', { a: 'x', b: 'x', c: 'y' });
add('t2', { a: 'y', b: 'y', c: 'y' });
add('t3', { a: 'x', b: 'y', c: 'x' });
add('t4', { a: 'x', b: 'x' });

describe('window metrics', () => {
  it('match the label-science library', () => {
    const m = windowMetrics(rows, { minOverlap: 1, maxPairs: 10 });
    const a = buildAnswers(rows.map((r) => ({ item: r.taskId, worker: r.annotatorId, label: r.key })));
    const f = fleissKappa(a);
    const k = krippendorffAlpha(a, { metric: 'nominal' });
    const ab = cohenKappa(a, 'a', 'b');
    expect(m).toMatchObject({ tasks: 4, answers: 11, annotators: 3 });
    expect(m.fleissKappa.value).toBeCloseTo(f.defined ? f.value.kappa : NaN, 12);
    expect(m.krippendorffAlpha.value).toBeCloseTo(k.defined ? k.value.alpha : NaN, 12);
    const pair = m.cohenKappa.find((p) => p.annotatorA === 'a' && p.annotatorB === 'b')!;
    expect(pair.sharedTasks).toBe(4);
    expect(pair.kappa.value).toBeCloseTo(ab.defined ? ab.value.kappa : NaN, 12);
    // Hand-checked mean pairwise agreement: t1 1/3, t2 1, t3 1/3, t4 1 → 2/3.
    expect(m.pairwiseAgreement.value).toBeCloseTo(2 / 3, 12);
  });

  it('keeps the most-shared pairs and says why a value is undefined', () => {
    const m = windowMetrics(rows, { minOverlap: 4, maxPairs: 10 });
    expect(m.cohenKappa.map((p) => [p.annotatorA, p.annotatorB])).toEqual([['a', 'b']]);
    const empty = windowMetrics([], { minOverlap: 1, maxPairs: 10 });
    expect(empty.fleissKappa).toEqual({ value: null, reason: 'no answers' });
  });
});
