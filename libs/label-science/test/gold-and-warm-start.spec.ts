import {
  aggregate,
  buildAnswers,
  dawidSkene,
  glad,
  goldIndex,
  mace,
  majorityVote,
  METHODS,
  oneCoinDawidSkene,
  syntheticAnswers,
  weightedMajorityVote,
} from '../src';
import { loadAnswers } from './datasets';

describe('gold labels', () => {
  const a = loadAnswers('toy_ysda');

  it.each(METHODS)('%s clamps gold items to a one-hot posterior', (m) => {
    const r = aggregate(a, m, { gold: { t3: 'yes' } });
    const i = r.itemNames.indexOf('t3');
    expect(r.labels[i]).toBe('yes');
    expect(Array.from(r.posterior.subarray(i * 2, i * 2 + 2))).toEqual([0, 1]);
    expect(r.confidence[i]).toBe(1);
  });

  it('gold informs the worker estimates (DS)', () => {
    const free = dawidSkene(a);
    const pinned = dawidSkene(a, {
      gold: new Map([
        ['t1', 'no'],
        ['t2', 'no'],
      ]),
    });
    expect(Array.from(pinned.reliability)).not.toEqual(Array.from(free.reliability));
  });

  it('rejects a gold label that is not a class, ignores gold for unanswered items', () => {
    expect(() => majorityVote(a, { gold: { t1: 'maybe' } })).toThrow(/not a known class/);
    expect(goldIndex(a, { nowhere: 'yes' }).every((g) => g === -1)).toBe(true);
  });

  it('refuses a single class', () => {
    const one = buildAnswers([
      { item: 'x', worker: 'a', label: 'p' },
      { item: 'y', worker: 'a', label: 'p' },
    ]);
    expect(() => dawidSkene(one)).toThrow(/at least two classes/);
  });
});

describe('warm start', () => {
  const { answers } = syntheticAnswers({
    items: 2000,
    answersPerItem: 5,
    workers: 30,
    classes: 4,
    seed: 7,
  });

  it.each([
    ['ds', (o?: object) => dawidSkene(answers, o)],
    ['onecoin', (o?: object) => oneCoinDawidSkene(answers, o)],
    ['glad', (o?: object) => glad(answers, o)],
    ['mace', (o?: object) => mace(answers, o)],
  ] as const)('%s restarted from its own fit converges at once to the same labels', (_, fit) => {
    const cold = fit();
    const warm = fit({ warmStart: cold.params });
    expect(cold.converged).toBe(true);
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(warm.iterations).toBeLessThanOrEqual(3);
    let same = 0;
    warm.labelIdx.forEach((l, i) => (same += l === cold.labelIdx[i] ? 1 : 0));
    expect(same / answers.nItems).toBeGreaterThan(0.999);
  });

  it('maps parameters by name onto data with new workers and items', () => {
    const old = buildAnswers([
      { item: 'a', worker: 'w1', label: 'x' },
      { item: 'a', worker: 'w2', label: 'x' },
      { item: 'b', worker: 'w1', label: 'y' },
      { item: 'b', worker: 'w2', label: 'y' },
    ]);
    const next = buildAnswers([
      { item: 'c', worker: 'w3', label: 'y' },
      { item: 'c', worker: 'w2', label: 'x' },
      { item: 'd', worker: 'w1', label: 'y' },
    ]);
    const r = dawidSkene(next, { warmStart: dawidSkene(old).params });
    expect(r.labels).toHaveLength(2);
    const wmv = weightedMajorityVote(next, { warmStart: weightedMajorityVote(old).params });
    expect(wmv.labels).toHaveLength(2);
  });

  it('refuses a warm start that lacks a class', () => {
    const old = buildAnswers([
      { item: 'a', worker: 'w1', label: 'x' },
      { item: 'b', worker: 'w1', label: 'y' },
    ]);
    const next = buildAnswers([
      { item: 'a', worker: 'w1', label: 'x' },
      { item: 'b', worker: 'w1', label: 'z' },
    ]);
    expect(() => dawidSkene(next, { warmStart: dawidSkene(old).params })).toThrow(/class "z"/);
  });
});

describe('weighted majority vote', () => {
  it('uses given weights: one trusted worker outvotes two', () => {
    const a = buildAnswers([
      { item: 'x', worker: 'boss', label: 'p' },
      { item: 'x', worker: 'u1', label: 'q' },
      { item: 'x', worker: 'u2', label: 'q' },
    ]);
    const r = weightedMajorityVote(a, { weights: new Map([['boss', 3]]) });
    expect(r.labels).toEqual(['p']);
    expect(r.converged).toBe(true);
  });
});

describe('majority vote tie rule', () => {
  const rows = [
    { item: 'x', worker: 'a', label: 'b' },
    { item: 'x', worker: 'b', label: 'a' },
    { item: 'y', worker: 'a', label: 'b' },
    { item: 'y', worker: 'b', label: 'b' },
  ];
  it('class-order (default) takes the first class; frequency takes the most used class', () => {
    const a = buildAnswers(rows);
    expect(majorityVote(a).labels[0]).toBe('a');
    expect(majorityVote(a, { tieRule: 'frequency' }).labels[0]).toBe('b');
  });
  it('orders numeric class names numerically', () => {
    const a = buildAnswers([
      { item: 'x', worker: 'a', label: '10' },
      { item: 'x', worker: 'b', label: '9' },
    ]);
    expect(a.classNames).toEqual(['9', '10']);
    expect(majorityVote(a).labels).toEqual(['9']);
  });
});

describe('Dawid-Skene diagonal prior', () => {
  // Every item is gold, so the M-step counts are exact: w answered "b" on two items whose truth is "a".
  const a = buildAnswers([
    { item: 'i1', worker: 'w', label: 'b' },
    { item: 'i2', worker: 'w', label: 'b' },
    { item: 'i3', worker: 'v', label: 'b' },
  ], { classes: ['a', 'b'] });
  const gold = new Map([['i1', 'a'], ['i2', 'a'], ['i3', 'b']]);
  const cell = (conf: Float64Array, w: number, c: number, l: number) => conf[(w * 2 + c) * 2 + l];

  it('adds its pseudo-count to the diagonal of every confusion row, on top of the smoothing', () => {
    const w = a.workerNames.indexOf('w');
    const plain = dawidSkene(a, { gold, smoothing: 0.5 });
    // Row "a": 0 right, 2 wrong, plus 0.5 each.
    expect(cell(plain.params.confusion, w, 0, 0)).toBeCloseTo(0.5 / 3, 12);
    const prior = dawidSkene(a, { gold, smoothing: 0.5, diagonalPrior: 2 });
    // Row "a": 0 + 2 + 0.5 right against 2 + 0.5 wrong.
    expect(cell(prior.params.confusion, w, 0, 0)).toBeCloseTo(2.5 / 5, 12);
    expect(cell(prior.params.confusion, w, 0, 1)).toBeCloseTo(2.5 / 5, 12);
    // Row "b", never seen: the prior alone, 2.5 against 0.5.
    expect(cell(prior.params.confusion, w, 1, 1)).toBeCloseTo(2.5 / 3, 12);
  });

  it('is off by default', () => {
    expect(Array.from(dawidSkene(a, { gold, smoothing: 0.5, diagonalPrior: 0 }).params.confusion)).toEqual(
      Array.from(dawidSkene(a, { gold, smoothing: 0.5 }).params.confusion),
    );
  });
});
