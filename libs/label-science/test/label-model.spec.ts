import { buildAnswers, dawidSkene, labelModel, majorityVote, syntheticLfVotes } from '../src';
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

  it('scores the measured figure (0.824; majority vote 0.854, DS 0.49)', () => {
    const lm = accuracy(new Map(scored.itemNames.map((n, i) => [n, scored.labels[i]])), test);
    expect(scored.itemNames.length).toBe(370);
    expect(Math.abs(lm - 0.8243)).toBeLessThan(0.003);
    expect(mvExpected(test)).toBeCloseTo(0.854, 3);
  });

  it('learns the class balance close to the training files (52 % spam)', () => {
    expect(fit.classNames).toEqual(['ham', 'spam']);
    expect(Math.abs(fit.params.priors[1] - 0.524)).toBeLessThan(0.06);
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
