// The local model's feature sets (services/prelabel/src/domain/text.features, decision 82) on the
// public YouTube spam comments (demo/data/youtube_spam), leave one file out: train on four files,
// test on every comment of the fifth, five folds. Two training sources per fold:
// - truth: the four files' own labels;
// - weak: the label model's soft labels (Snorkel's ten spam LFs, fitted on the four files' votes,
//   their labels unused), on the comments some LF voted on: the end model of issue #14.
// Deterministic (fixed seeds): the figures do not vary between runs; the time does.
// Run: node scripts/run-ts.cjs bench/prelabel/feature-sets.bench.ts
import { applyLfs, type LabelingFunction } from '@verity/label-science';
import { TextClassifier } from '../../services/prelabel/src/domain/text.classifier';
import type { FeatureSet } from '../../services/prelabel/src/domain/text.features';
import { fitLabelModel, scoreWeak, type ItemVote } from '../../services/prelabel/src/domain/weak-supervision.policy';
import { loadYoutubeSpam, type Comment } from '../../services/prelabel/test/support/youtube-spam';
import { YOUTUBE_SPAM_LFS } from '../../services/prelabel/test/support/youtube-spam-lfs';
import { machineLine } from '../support/machine';

const CLASSES = ['ham', 'spam'];
const all = loadYoutubeSpam();
const files = [...new Set(all.map((c) => c.key.split('#')[0]!))];
const lfs = YOUTUBE_SPAM_LFS.map((l) => ({ ...l, version: 1, owner: 'bench', question_id: 'spam' })) as unknown as LabelingFunction[];
const votesOf = (cs: Comment[]): ItemVote[] =>
  applyLfs(lfs, cs.map((c) => ({ id: c.key, text: c.text }))).map((v) => ({ itemId: v.item_id, lfId: v.lf_id, lfVersion: v.lf_version, label: v.label }));

// The weak labels of each fold's four files, shared by both feature sets.
const weakOf = new Map(
  files.map((file) => {
    const train = all.filter((c) => !c.key.startsWith(file));
    const state = fitLabelModel(votesOf(train), CLASSES, new Set(lfs.map((l) => `${l.id}@1`)))!;
    const weak = scoreWeak(state, votesOf(train));
    return [file, train.filter((c) => weak.has(c.key)).map((c) => ({ text: c.text, label: weak.get(c.key)!.optionId, soft: weak.get(c.key)!.posterior }))];
  }),
);

const accuracy = (m: TextClassifier, test: Comment[]) => test.filter((c) => m.predict(c.text).label === c.label).length / test.length;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

console.log(machineLine());
console.log(`files (test): ${files.join(', ')}`);
for (const features of [1, 2] as FeatureSet[]) {
  for (const source of ['truth', 'weak'] as const) {
    const started = Date.now();
    const accs = files.map((file) => {
      const train = source === 'truth' ? all.filter((c) => !c.key.startsWith(file)).map((c) => ({ text: c.text, label: c.label })) : weakOf.get(file)!;
      return accuracy(TextClassifier.train(train, CLASSES, { features }), all.filter((c) => c.key.startsWith(file)));
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`feature set ${features}, trained on ${source.padEnd(5)}: ${accs.map((a) => a.toFixed(3)).join(' ')}; mean ${mean(accs).toFixed(3)} (${seconds.toFixed(1)} s for 5 trainings and tests)`);
  }
}
