import { labelModel, scoreLabelModel, syntheticLfVotes, type LabelModelVote } from '../src';

describe('scoreLabelModel', () => {
  const { answers } = syntheticLfVotes({ items: 600, lfs: 8, classes: 2, seed: 3 });
  const fit = labelModel(answers);
  const votes: LabelModelVote[] = Array.from({ length: answers.nAnswers }, (_, n) => ({
    item: answers.itemNames[answers.itemIdx[n]]!,
    lf: answers.workerNames[answers.workerIdx[n]]!,
    label: answers.classNames[answers.labelIdx[n]]!,
  }));

  it("gives every voted item the fit's own posterior", () => {
    const scores = scoreLabelModel(fit.params, votes);
    expect(scores).toHaveLength(answers.nItems);
    const K = answers.nClasses;
    for (const s of scores) {
      const i = fit.itemNames.indexOf(s.item);
      for (let y = 0; y < K; y++) expect(s.posterior[y]).toBeCloseTo(fit.posterior[i * K + y]!, 9);
      expect(s.label).toBe(fit.labels[i]);
      expect(s.confidence).toBeCloseTo(fit.confidence[i]!, 9);
    }
  });

  it('scores an item alone as it scores it among all items (abstains of LFs absent from the call count)', () => {
    const all = new Map(scoreLabelModel(fit.params, votes).map((s) => [s.item, s]));
    const item = votes[0]!.item;
    const [alone] = scoreLabelModel(fit.params, votes.filter((v) => v.item === item));
    expect(alone!.posterior[0]).toBeCloseTo(all.get(item)!.posterior[0]!, 12);
  });

  it('leaves out votes of unknown LFs and classes; an item with none of its votes left gets no score', () => {
    const item = votes[0]!.item;
    const own = votes.filter((v) => v.item === item);
    const [withNoise] = scoreLabelModel(fit.params, [...own, { item, lf: 'lf-the-fit-never-saw', label: answers.classNames[0]! }, { item, lf: own[0]!.lf, label: 'no-such-class' }]);
    const [plain] = scoreLabelModel(fit.params, own);
    expect(withNoise!.votes).toHaveLength(own.length);
    expect(withNoise!.posterior[0]).toBeCloseTo(plain!.posterior[0]!, 12);
    expect(scoreLabelModel(fit.params, [{ item: 'x', lf: 'unknown', label: answers.classNames[0]! }])).toEqual([]);
  });
});
