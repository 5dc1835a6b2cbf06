import { buildAnswers, dawidSkene, labelModel, majorityVote, syntheticLfVotes } from '../src';
import { maximiseOverBinaryBalance } from '../src/aggregation/label-model-balance';
import { matchMoments, type VoteMoments } from '../src/aggregation/label-model-moments';
import {
  applyLfs,
  type Comment,
  loadComments,
  TEST_FILE,
  TRAIN_FILES,
} from './support/youtube-spam-lfs';

const accuracyOn = (labelIdx: Int32Array, truth: Int32Array) =>
  truth.reduce((ok, t, i) => ok + (labelIdx[i] === t ? 1 : 0), 0) / truth.length;

describe('labelModel on synthetic one-sided labeling functions', () => {
  // Each LF votes one class only; it fires on its class with a hit rate and elsewhere with a
  // false-alarm rate (some LFs barely better than chance).
  it.each([
    [2, 1],
    [2, 4],
    [3, 3],
  ])('%i classes, seed %i: beats majority vote; Dawid-Skene collapses', (classes, seed) => {
    const { answers, truth } = syntheticLfVotes({ items: 4000, lfs: 12, classes, seed });
    const lm = accuracyOn(labelModel(answers).labelIdx, truth);
    const mv = accuracyOn(majorityVote(answers).labelIdx, truth);
    const ds = accuracyOn(dawidSkene(answers).labelIdx, truth);
    expect(lm).toBeGreaterThan(mv + 0.01);
    expect(lm).toBeGreaterThan(ds + 0.1);
  });

  it('recovers the class balance and the firing rates of a clean binary set', () => {
    const { answers, truth } = syntheticLfVotes({
      items: 20000,
      lfs: 8,
      classes: 2,
      seed: 11,
      hit: [0.4, 0.6],
      falseAlarm: [0.02, 0.05],
    });
    const r = labelModel(answers);
    const share1 = truth.reduce((s, t) => s + t, 0) / truth.length;
    expect(Math.abs(r.params.priors[1] - share1)).toBeLessThan(0.02);
    expect(accuracyOn(r.labelIdx, truth)).toBeGreaterThan(0.9);
    // LF 0 votes class 0: it fires far more often on class 0 than on class 1.
    const K1 = 3;
    const fire = (y: number) => 1 - r.params.votes[(0 * 2 + y) * K1 + 2];
    expect(fire(0)).toBeGreaterThan(5 * fire(1));
  });

  it('is deterministic: same seed, same data, same posterior', () => {
    const gen = () => syntheticLfVotes({ items: 2000, lfs: 10, classes: 2, seed: 5 }).answers;
    const a = labelModel(gen());
    const b = labelModel(gen());
    expect(Array.from(a.posterior)).toEqual(Array.from(b.posterior));
    expect(a.iterations).toBe(b.iterations);
  });

  it('gives an item with no vote the class balance', () => {
    const { answers } = syntheticLfVotes({ items: 2000, lfs: 10, classes: 2, seed: 6 });
    const r = labelModel(answers, { items: ['nobody-voted', answers.itemNames[0]] });
    expect(r.itemNames.length).toBe(answers.nItems + 1);
    const i = r.itemNames.indexOf('nobody-voted');
    expect(i).toBe(answers.nItems);
    expect(Array.from(r.posterior.subarray(i * 2, i * 2 + 2))).toEqual(Array.from(r.params.priors));
    expect(r.labels[i]).toBe(r.params.priors[0] >= r.params.priors[1] ? '0' : '1');
  });

  it('scores new votes with fitted parameters (maxIter 0) exactly as the fit did', () => {
    const { answers } = syntheticLfVotes({ items: 1000, lfs: 10, classes: 2, seed: 8 });
    const fit = labelModel(answers);
    const again = labelModel(answers, { warmStart: fit.params, maxIter: 0 });
    expect(again.iterations).toBe(0);
    again.posterior.forEach((p, k) => expect(p).toBeCloseTo(fit.posterior[k], 6));
  });

  it('an LF the fit never saw moves nothing', () => {
    const fit = labelModel(
      buildAnswers([
        { item: 'a', worker: 'lf1', label: 'x' },
        { item: 'b', worker: 'lf2', label: 'y' },
        { item: 'c', worker: 'lf1', label: 'x' },
      ]),
    );
    const votes = (extra: boolean) =>
      buildAnswers(
        [
          { item: 'a', worker: 'lf1', label: 'x' },
          ...(extra ? [{ item: 'a', worker: 'new', label: 'y' }] : []),
        ],
        { classes: ['x', 'y'] },
      );
    const without = labelModel(votes(false), { warmStart: fit.params, maxIter: 0 });
    const withNew = labelModel(votes(true), { warmStart: fit.params, maxIter: 0 });
    expect(withNew.posterior[0]).toBeCloseTo(without.posterior[0], 12);
  });
});

describe('the two-class fit: moment matching and the class balance', () => {
  // Six one-sided LFs (LF j votes class j mod 2), P(fires | own class) and P(fires | other).
  const hit = [0.5, 0.4, 0.3, 0.6, 0.45, 0.35];
  const falseAlarm = [0.05, 0.1, 0.02, 0.2, 0.08, 0.04];
  const rate = (j: number, y: number) => (y === j % 2 ? hit[j] : falseAlarm[j]);

  /** The exact moments conditionally independent LFs with these rates produce under π. */
  function populationMoments(pi: readonly number[]): VoteMoments {
    const J = hit.length;
    const col = Int32Array.from({ length: J }, (_, j) => j * 2 + (j % 2));
    const m = Float64Array.from({ length: J }, (_, j) => pi[0] * rate(j, 0) + pi[1] * rate(j, 1));
    const overlap = new Float64Array(J * J);
    for (let c = 0; c < J; c++)
      for (let d = 0; d < J; d++)
        if (c !== d) overlap[c * J + d] = pi[0] * rate(c, 0) * rate(d, 0) + pi[1] * rate(c, 1) * rate(d, 1);
    return { J, K: 2, col, m, overlap };
  }

  it('recovers the rates exactly from population moments at the true balance', () => {
    const pi = [0.65, 0.35];
    const votes = matchMoments(populationMoments(pi), Float64Array.from(pi));
    for (let j = 0; j < hit.length; j++)
      for (let y = 0; y < 2; y++) {
        const row = (j * 2 + y) * 3;
        expect(votes[row + (j % 2)]).toBeCloseTo(rate(j, y), 4);
        expect(votes[row + 2]).toBeCloseTo(1 - rate(j, y) - votes[row + 1 - (j % 2)], 12);
      }
  });

  it('finds the maximum of a balance score to within half a point, from either side', () => {
    for (const best of [0.13, 0.5, 0.71, 0.96]) {
      const pi = maximiseOverBinaryBalance((p) => -((p[1] - best) ** 2));
      expect(Math.abs(pi[1] - best)).toBeLessThan(0.005);
      expect(pi[0] + pi[1]).toBeCloseTo(1, 12);
    }
  });

  it.each([1, 3, 5, 7])('LFs down to worse than chance, seed %i: at or above majority vote', (seed) => {
    const { answers, truth } = syntheticLfVotes({
      items: 4000,
      lfs: 12,
      classes: 2,
      seed,
      hit: [0.05, 0.5],
      falseAlarm: [0.02, 0.4],
    });
    const lm = accuracyOn(labelModel(answers).labelIdx, truth);
    expect(lm).toBeGreaterThanOrEqual(accuracyOn(majorityVote(answers).labelIdx, truth));
  });
});

describe('labelModel on the YouTube spam labeling functions (Snorkel tutorial LFs)', () => {
  // Fit on the votes of files 01–04 (labels unused), score all 370 rows of Youtube05; a comment
  // no LF voted on gets the class balance. Majority vote: ties and no-vote rows count ½.
  const train = TRAIN_FILES.flatMap((f) => loadComments(f));
  const test = loadComments(TEST_FILE);
  const fit = labelModel(buildAnswers(applyLfs(train)));
  const testVotes = buildAnswers(applyLfs(test), { classes: fit.classNames });
  const scored = labelModel(testVotes, {
    warmStart: fit.params,
    maxIter: 0,
    items: test.map((c) => c.key),
  });
  const accuracy = (labels: Map<string, string>, rows: readonly Comment[]) =>
    rows.filter((c) => labels.get(c.key) === c.label).length / rows.length;

  it("reaches the issue's target: ≥ 0.86, above majority vote (measured 0.897; MV 0.854)", () => {
    const lm = accuracy(new Map(scored.itemNames.map((n, i) => [n, scored.labels[i]])), test);
    expect(scored.itemNames.length).toBe(370);
    expect(lm).toBeGreaterThanOrEqual(0.86);
    expect(Math.abs(lm - 0.8973)).toBeLessThan(0.003);
    expect(mvExpected(test)).toBeCloseTo(0.854, 3);
    expect(lm).toBeGreaterThan(mvExpected(test));
  });

  it('learns the class balance of the comments it was fitted on (voted ones: 59 % spam)', () => {
    expect(fit.classNames).toEqual(['ham', 'spam']);
    const voted = new Set(fit.itemNames);
    const fitted = train.filter((c) => voted.has(c.key));
    const spamShare = fitted.filter((c) => c.label === 'spam').length / fitted.length;
    expect(Math.abs(fit.params.priors[1] - spamShare)).toBeLessThan(0.03);
  });

  function mvExpected(rows: readonly Comment[]): number {
    const mv = majorityVote(testVotes);
    const at = new Map(mv.itemNames.map((n, i) => [n, i]));
    let sum = 0;
    for (const c of rows) {
      const i = at.get(c.key);
      if (i === undefined) {
        sum += 0.5;
        continue;
      }
      const p = Array.from(mv.posterior.subarray(i * 2, i * 2 + 2));
      const top = p.map((x, k) => (x === Math.max(...p) ? k : -1)).filter((k) => k >= 0);
      sum += top.filter((k) => mv.classNames[k] === c.label).length / top.length;
    }
    return sum / rows.length;
  }
});
