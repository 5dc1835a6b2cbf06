import { applyLfs, syntheticLfVotes, type LabelingFunction } from '@verity/label-science';
import { loadYoutubeSpam } from '../../test/support/youtube-spam';
import { YOUTUBE_SPAM_LFS } from '../../test/support/youtube-spam-lfs';
import { applyCalibration } from './calibration.math';
import { trainLocalModel } from './local.model';
import { TextClassifier } from './text.classifier';
import { calibrateWeak, fitLabelModel, scoreWeak, type ItemVote, type TruthLabel } from './weak-supervision.policy';

const CLASSES = ['ham', 'spam'];

/** Seeded one-sided LF votes (lf<j>, version 1) and the truth of every item. */
function votesOf(seed: number, items: number): { votes: ItemVote[]; truth: Map<string, string> } {
  const { answers, allTruth } = syntheticLfVotes({ items, lfs: 10, classes: 2, seed, hit: [0.2, 0.6], falseAlarm: [0.01, 0.08] });
  const votes = Array.from({ length: answers.nAnswers }, (_, n) => ({
    itemId: answers.itemNames[answers.itemIdx[n]]!,
    lfId: answers.workerNames[answers.workerIdx[n]]!,
    lfVersion: 1,
    label: CLASSES[answers.labelIdx[n]]!,
  }));
  return { votes, truth: new Map([...allTruth].map(([item, t]) => [item, CLASSES[t]!])) };
}

const allLfs = new Set(Array.from({ length: 10 }, (_, j) => `lf${j}@1`));

describe('weak supervision policy', () => {
  const train = votesOf(1, 6000);
  const state = fitLabelModel(train.votes, CLASSES, allLfs)!;

  it('fits the label model on the given LF versions only', () => {
    expect(state.kind).toBe('labelmodel');
    expect(state.classes).toEqual(CLASSES);
    expect(new Set(state.lfs)).toEqual(allLfs);
    const fewer = fitLabelModel(train.votes, CLASSES, new Set(['lf0@1', 'lf1@1']))!;
    expect(fewer.lfs.sort()).toEqual(['lf0@1', 'lf1@1']);
    // Votes of a version the set does not name (an older or retired one) are not read.
    expect(fitLabelModel(train.votes, CLASSES, new Set(['lf0@2']))).toBeNull();
    expect(fitLabelModel(train.votes, ['ham'], allLfs)).toBeNull();
  });

  it('gives a weak label, with the votes behind it, only to items some known LF voted on', () => {
    const item = train.votes[0]!.itemId;
    const own = train.votes.filter((v) => v.itemId === item);
    const weak = scoreWeak(state, [...own, { itemId: 'no-known-vote', lfId: 'lf0', lfVersion: 7, label: 'spam' }]);
    expect([...weak.keys()]).toEqual([item]);
    expect(weak.get(item)!.votes).toEqual(own.map((v) => ({ lfId: v.lfId, lfVersion: 1, optionId: v.label })));
    expect(CLASSES).toContain(weak.get(item)!.optionId);
  });

  it('picks a threshold on labeled items whose weak labels clear the target precision on items it never saw', () => {
    const labeled: TruthLabel[] = [...new Set(train.votes.map((v) => v.itemId))].slice(0, 1500).map((itemId) => ({ itemId, label: train.truth.get(itemId)!, confidence: null }));
    const cal = calibrateWeak(state, train.votes, labeled, 0.95, 30);
    const t = cal.report.choice.threshold;
    expect(t).not.toBeNull();
    expect(cal.pairs.length).toBe(1500);
    // Fresh items from the same LFs: the share above the threshold is right at least 0.95 − 0.02 of the time.
    const fresh = votesOf(2, 6000);
    const accepted = [...scoreWeak(state, fresh.votes)].filter(([, w]) => applyCalibration(cal.calibration, w.confidence) >= t!);
    const right = accepted.filter(([item, w]) => fresh.truth.get(item) === w.optionId).length;
    expect(accepted.length).toBeGreaterThan(500);
    expect(right / accepted.length).toBeGreaterThanOrEqual(0.93);
  });

  it('finds no threshold without enough labeled items', () => {
    const labeled: TruthLabel[] = [...new Set(train.votes.map((v) => v.itemId))].slice(0, 10).map((itemId) => ({ itemId, label: train.truth.get(itemId)!, confidence: 0.9 }));
    expect(calibrateWeak(state, train.votes, labeled, 0.95, 30).report.choice.threshold).toBeNull();
  });
});

// The end model (issue #14's target): the local model trained on the label model's soft labels of
// Youtube01–04 (their labels unused), tested on all 370 comments of Youtube05.
describe('the end model on YouTube spam', () => {
  const lfs = YOUTUBE_SPAM_LFS.map((l) => ({ ...l, version: 1, owner: 'pm', question_id: 'spam' })) as unknown as LabelingFunction[];
  const all = loadYoutubeSpam();
  const train = all.filter((c) => !c.key.startsWith('Youtube05'));
  const test = all.filter((c) => c.key.startsWith('Youtube05'));
  const votesOf = (cs: typeof all): ItemVote[] =>
    applyLfs(lfs, cs.map((c) => ({ id: c.key, text: c.text }))).map((v) => ({ itemId: v.item_id, lfId: v.lf_id, lfVersion: v.lf_version, label: v.label }));
  const state = fitLabelModel(votesOf(train), CLASSES, new Set(lfs.map((l) => `${l.id}@1`)))!;
  const weak = scoreWeak(state, votesOf(train));
  const accuracy = (predict: (text: string, key: string) => string) => test.filter((c) => predict(c.text, c.key) === c.label).length / test.length;

  it('trained on soft labels it beats the label model it learned from, and the same labels taken as hard', () => {
    const onTest = scoreWeak(state, votesOf(test));
    const balance = state.priors[1]! > state.priors[0]! ? 'spam' : 'ham';
    const labelModel = accuracy((_, key) => onTest.get(key)?.optionId ?? balance);
    const voted = train.filter((c) => weak.has(c.key));
    const soft = TextClassifier.train(voted.map((c) => ({ text: c.text, label: weak.get(c.key)!.optionId, soft: weak.get(c.key)!.posterior })), CLASSES);
    const hard = TextClassifier.train(voted.map((c) => ({ text: c.text, label: weak.get(c.key)!.optionId })), CLASSES);
    const endModel = accuracy((text) => soft.predict(text).label);
    const hardModel = accuracy((text) => hard.predict(text).label);
    console.log(`Youtube05 (370): label model ${labelModel.toFixed(3)}, end model on soft labels ${endModel.toFixed(3)}, on hard labels ${hardModel.toFixed(3)}`);
    expect(endModel).toBeGreaterThan(labelModel + 0.01);
    expect(endModel).toBeGreaterThan(hardModel);
    expect(endModel).toBeGreaterThan(0.89);
  });

  it('weak examples train the local model but are never held out: its pairs and threshold come from decided labels alone', () => {
    const labeled = train.slice(0, 200).map((c) => ({ text: c.text, label: c.label }));
    const extra = train.slice(200).filter((c) => weak.has(c.key)).map((c) => ({ text: c.text, label: weak.get(c.key)!.optionId, soft: weak.get(c.key)!.posterior }));
    const withWeak = trainLocalModel(labeled, CLASSES, { folds: 5, targetPrecision: 0.95, minSupport: 30, trainOnly: extra });
    const without = trainLocalModel(labeled, CLASSES, { folds: 5, targetPrecision: 0.95, minSupport: 30 });
    expect(withWeak.pairs).toHaveLength(labeled.length);
    expect(withWeak.outOfFold.map((o) => o.index).sort((a, b) => a - b)).toEqual(labeled.map((_, i) => i));
    // With 200 labels, the weak labels of ~1,200 more comments lift the served model on Youtube05.
    expect(accuracy((text) => withWeak.classifier.predict(text).label)).toBeGreaterThan(accuracy((text) => without.classifier.predict(text).label));
  });
});
