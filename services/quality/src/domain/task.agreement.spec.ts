import { buildAnswers, pairwiseAgreement } from '@verity/label-science';
import { agreeingOthers, taskAgreement } from './task.agreement';

// The library's value for one item, straight from its API.
const library = (labels: string[]) => {
  const r = pairwiseAgreement(buildAnswers(labels.map((label, i) => ({ item: 'x', worker: `w${i}`, label }))));
  return r.mean.defined ? r.mean.value : null;
};

describe('per-task pairwise agreement (1/(N(N−1))) Σ_{i≠j} [y_i = y_j]', () => {
  it.each([
    // labels, hand-checked value
    [['non-toxic', 'harassment', 'non-toxic'], 1 / 3], // 2 ordered agreeing pairs of 6
    [['a', 'a', 'a'], 1],
    [['a', 'b', 'c'], 0],
    [['a', 'a', 'b', 'b'], 4 / 12],
    [['a', 'a', 'a', 'b'], 6 / 12],
    [['a', 'b'], 0],
    [['a', 'a'], 1],
    [['a', 'a', 'a', 'a', 'b'], 12 / 20],
  ])('%j → %d, as the label-science library computes it', (labels, expected) => {
    expect(taskAgreement(labels)).toBeCloseTo(expected, 12);
    expect(taskAgreement(labels)).toBeCloseTo(library(labels)!, 12);
  });

  it('multi-choice keys compare as sets (keys are already canonical)', () => {
    expect(taskAgreement(['a|b', 'a|b', 'a'])).toBeCloseTo(1 / 3, 12);
  });

  it('is undefined with fewer than two answers', () => {
    expect(taskAgreement(['a'])).toBeNull();
    expect(taskAgreement([])).toBeNull();
  });

  it('empty answers agree with nothing, not even each other', () => {
    expect(taskAgreement([null, null, 'a'])).toBe(0);
  });

  it('counts, per answer, the other answers equal to it', () => {
    expect(agreeingOthers(['x', 'y', 'x'])).toEqual([1, 0, 1]);
    expect(agreeingOthers([null, 'x', 'x'])).toEqual([0, 1, 1]);
  });
});
