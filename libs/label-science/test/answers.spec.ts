import {
  AnswersBuilder,
  buildAnswers,
  filterAnswers,
  voteCounts,
  workerAnswerCounts,
} from '../src';

describe('Answers', () => {
  it('interns items and workers in order of appearance and sorts classes', () => {
    const a = buildAnswers([
      { item: 'b', worker: 'w2', label: 'yes' },
      { item: 'a', worker: 'w1', label: 'no' },
      { item: 'b', worker: 'w1', label: 'no' },
    ]);
    expect(a.itemNames).toEqual(['b', 'a']);
    expect(a.workerNames).toEqual(['w2', 'w1']);
    expect(a.classNames).toEqual(['no', 'yes']);
    expect(Array.from(a.labelIdx)).toEqual([1, 0, 0]);
    expect(Array.from(voteCounts(a))).toEqual([1, 1, 1, 0]);
    expect(Array.from(workerAnswerCounts(a))).toEqual([1, 2]);
    expect(a.time).toBeUndefined();
  });

  it('grows past its initial capacity and keeps timestamps', () => {
    const b = new AnswersBuilder({ extraClasses: ['z'] });
    for (let n = 0; n < 5000; n++) b.add(`i${n % 700}`, `w${n % 13}`, n % 3 ? 'x' : 'y', n);
    const a = b.build();
    expect(a.nAnswers).toBe(5000);
    expect(a.classNames).toEqual(['x', 'y', 'z']);
    expect(a.time![4999]).toBe(4999);
    expect(filterAnswers(a, (n) => n < 10).nAnswers).toBe(10);
  });

  it('enforces a fixed class set', () => {
    expect(() =>
      buildAnswers([{ item: 'a', worker: 'w', label: 'maybe' }], { classes: ['yes', 'no'] }),
    ).toThrow(/not one of the classes/);
    expect(
      buildAnswers([{ item: 'a', worker: 'w', label: 'no' }], { classes: ['yes', 'no'] })
        .classNames,
    ).toEqual(['yes', 'no']);
  });
});
