// How much of phase 2 the local model can take when it learns from a realistic crowd's labels,
// and whether what it takes is right: the demo's situation, simulated without the platform.
//
// Per seed: the YouTube spam comments (demo/data/youtube_spam) are shuffled; PHASE1 of them are
// labeled by a simulated crowd (three distinct annotators per item from five, right at 0.85, 0.75,
// 0.7 and 0.6, and a spammer answering at random); the default aggregation (label-science `auto`)
// fits all phase-1 answers; a unanimous item keeps the aggregated label and its posterior as the
// label's confidence, any other goes to an expert right at 0.9 whose verdict carries confidence
// 0.95 (the demo's expert states 0.95). The local model (services/prelabel/src/domain) is trained
// on those labels and picks a threshold for TARGET precision; the next PHASE2 comments are scored
// and those at or above the threshold count as auto-accepted, checked against the truth.
// Simplifications against the real demo, the same for every variant compared: no honeypots, no
// suspension of the spammer, every phase-1 item labeled before training.
// Run: node scripts/run-ts.cjs bench/prelabel/noisy-labels-threshold.bench.ts [seeds] [phase1]
import * as os from 'node:os';
import { autoAggregation, buildAnswers, posteriorRow } from '@verity/label-science';
import { applyCalibration, DEFAULT_THRESHOLD_RULE, type ThresholdRule } from '../../services/prelabel/src/domain/calibration.math';
import { correctedCredit, trainLocalModel, type LabelEvidence, type TrainedModel } from '../../services/prelabel/src/domain/local.model';
import { heldOutCredit, labelsToCheck, type LabelCheckState } from '../../services/prelabel/src/domain/label-check.policy';
import { DEFAULT_CLASSIFIER_OPTIONS, rng, shuffle } from '../../services/prelabel/src/domain/text.classifier';
import { loadYoutubeSpam, type Comment } from '../../services/prelabel/test/support/youtube-spam';
import { YOUTUBE_SPAM_LFS } from '../../services/prelabel/test/support/youtube-spam-lfs';
import { calibrateWeak, fitLabelModel, scoreWeak, type ItemVote } from '../../services/prelabel/src/domain/weak-supervision.policy';
import { applyLfs, type LabelingFunction } from '@verity/label-science';

const SEEDS = Number(process.argv[2] ?? 10);
const PHASE1 = Number(process.argv[3] ?? 240);
const PHASE2 = 120;
const TARGET = 0.95;
const CROWD = [0.85, 0.75, 0.7, 0.6, 0.5];
const EXPERT = 0.9;
/** The confidence the expert states on a verdict (the demo's says 0.95 while right at 0.9). */
const EXPERT_STATES = Number(process.env.EXPERT_STATES ?? 0.95);
const classes = ['ham', 'spam'];

interface Labeled extends Comment {
  given: string;
  confidence: number;
}

function crowdLabels(items: Comment[], random: () => number): Labeled[] {
  const rows: { item: string; worker: string; label: string }[] = [];
  const flip = (truth: string) => (truth === 'spam' ? 'ham' : 'spam');
  items.forEach((c, i) => {
    for (const w of shuffle([0, 1, 2, 3, 4], random).slice(0, 3)) {
      const label = w === 4 ? (random() < 0.5 ? 'spam' : 'ham') : random() < CROWD[w]! ? c.label : flip(c.label);
      rows.push({ item: String(i), worker: `w${w}`, label });
    }
  });
  const fit = autoAggregation(buildAnswers(rows, { classes }));
  const byItem = new Map(fit.itemNames.map((n, k) => [n, k]));
  return items.map((c, i) => {
    const answers = rows.filter((r) => r.item === String(i)).map((r) => r.label);
    const k = byItem.get(String(i))!;
    if (answers.every((a) => a === answers[0])) {
      const p = posteriorRow(fit, k);
      const best = fit.labels[k]!;
      return { ...c, given: best, confidence: p[classes.indexOf(best)]! };
    }
    return { ...c, given: random() < EXPERT ? c.label : flip(c.label), confidence: EXPERT_STATES };
  });
}

interface Outcome {
  /** The served model's accuracy on phase 2 against the truth. */
  accuracy: number;
  /** Largest share of phase 2 a threshold chosen knowing the truth could take at TARGET precision (the model's ceiling). */
  oracle: number;
  threshold: number | null;
  taken: number;
  right: number;
  estimated: number | null;
  /** Labels the expert checked (label checks only). */
  checks: number;
}

const LFS = YOUTUBE_SPAM_LFS.map((l) => ({ ...l, version: 1, owner: 'pm', question_id: 'spam' })) as unknown as LabelingFunction[];
const votesOf = (cs: readonly Comment[]): ItemVote[] =>
  applyLfs(LFS, cs.map((c) => ({ id: c.key, text: c.text }))).map((v) => ({ itemId: v.item_id, lfId: v.lf_id, lfVersion: v.lf_version, label: v.label }));

/**
 * Weak supervision beside the local model, as prelabel routes it: the label model fitted on the
 * LF votes of phase 1 (no labels), calibrated on the phase-1 labels with their confidences; a
 * phase-2 comment the local model does not take is taken when its calibrated weak confidence
 * clears the weak threshold. Returns, per phase-2 comment, the weak label taken (or undefined).
 */
function weakTaken(labeled: Labeled[], phase2: Comment[]): (string | undefined)[] {
  const votes = votesOf(labeled);
  const state = fitLabelModel(votes, classes, new Set(LFS.map((l) => `${l.id}@1`)));
  if (!state) return phase2.map(() => undefined);
  const cal = calibrateWeak(state, votes, labeled.map((l) => ({ itemId: l.key, label: l.given, confidence: l.confidence })), TARGET, 30);
  const t = cal.report.choice.threshold;
  const scores = scoreWeak(state, votesOf(phase2));
  return phase2.map((c) => {
    const w = scores.get(c.key);
    return t !== null && w && applyCalibration(cal.calibration, w.confidence) >= t ? w.optionId : undefined;
  });
}

/**
 * Label checks as prelabel runs them (domain/label-check.policy): after each training the labels
 * the model disagrees with out-of-fold go to the expert (right at EXPERT, stating EXPERT_STATES),
 * once per item; the model retrains on the verdicts, crediting held-out answers by their check
 * state, until a training finds no new disagreement (at most `rounds` trainings after the first).
 */
function trainWithChecks(labeled: Labeled[], v: Variant, seed: number, rounds = 3): { trained: TrainedModel; checks: number } {
  const random = rng(7000 + seed);
  const flip = (t: string) => (t === 'spam' ? 'ham' : 'spam');
  const verdicts = new Map<number, string>();
  let trained: TrainedModel | null = null;
  for (let round = 0; ; round++) {
    const states: LabelCheckState[] = labeled.map((l, i) => (verdicts.has(i) ? { kind: 'answered', originalConfidence: l.confidence, verdictConfidence: EXPERT_STATES } : { kind: 'none' }));
    const examples = labeled.map((l, i) => (verdicts.has(i) ? { text: l.text, label: verdicts.get(i)!, confidence: EXPERT_STATES } : { text: l.text, label: l.given, confidence: l.confidence }));
    const verdictConfidence = verdicts.size ? EXPERT_STATES : null;
    trained = trainLocalModel(examples, classes, {
      folds: 5, targetPrecision: TARGET, minSupport: 30, evidence: v.evidence, threshold: v.threshold, classifier: { learningRate: v.learningRate },
      creditOf: (i, agrees) => heldOutCredit(agrees, examples[i]!.confidence, states[i]!, verdictConfidence, classes.length, correctedCredit),
    });
    const picks = labelsToCheck(trained.outOfFold, examples.map((e, i) => ({ label: e.label, gold: false, state: states[i]! })), 100);
    if (picks.length === 0 || round === rounds) return { trained, checks: verdicts.size };
    for (const p of picks) verdicts.set(p.index, random() < EXPERT ? labeled[p.index]!.label : flip(labeled[p.index]!.label));
  }
}

function run(labeled: Labeled[], phase2: Comment[], v: Variant, seed: number): Outcome {
  const { trained, checks } = v.labelChecks
    ? trainWithChecks(labeled, v, seed)
    : {
        trained: trainLocalModel(
          labeled.map((l) => ({ text: l.text, label: l.given, confidence: l.confidence })),
          classes,
          { folds: 5, targetPrecision: TARGET, minSupport: 30, evidence: v.evidence, threshold: v.threshold, classifier: { learningRate: v.learningRate } },
        ),
        checks: 0,
      };
  const t = trained.report.choice.threshold;
  let taken = 0;
  let right = 0;
  const scored = phase2.map((c) => {
    const p = trained.classifier.predict(c.text);
    return { confidence: p.confidence, correct: p.label === c.label };
  });
  const weak = v.weakSupervision ? weakTaken(labeled, phase2) : [];
  scored.forEach((p, i) => {
    if (t !== null && applyCalibration(trained.calibration, p.confidence) >= t) {
      taken++;
      if (p.correct) right++;
    } else if (weak[i] !== undefined) {
      taken++;
      if (weak[i] === phase2[i]!.label) right++;
    }
  });
  scored.sort((a, b) => b.confidence - a.confidence);
  let oracle = 0;
  let ok = 0;
  scored.forEach((p, i) => {
    if (p.correct) ok++;
    if (ok / (i + 1) >= TARGET) oracle = (i + 1) / scored.length;
  });
  const accuracy = scored.filter((p) => p.correct).length / scored.length;
  return { accuracy, oracle, threshold: t, taken, right, estimated: trained.report.choice.precision, checks };
}

const data = loadYoutubeSpam();
interface Variant {
  name: string;
  evidence: LabelEvidence;
  threshold: ThresholdRule;
  learningRate: number;
  /** Weak supervision (Snorkel's spam LFs, the label model) takes what the local model does not. */
  weakSupervision?: boolean;
  /** Label checks (domain/label-check.policy): the expert re-checks the labels the model disagrees with. */
  labelChecks?: boolean;
}
const variants: Variant[] = [
  { name: 'before (decision 63)', evidence: 'hard', threshold: { rule: 'first-violation', z: 0 }, learningRate: 0.5 },
  { name: '+ learning rate 0.05', evidence: 'hard', threshold: { rule: 'first-violation', z: 0 }, learningRate: 0.05 },
  { name: '+ corrected credits', evidence: 'soft', threshold: { rule: 'first-violation', z: 0 }, learningRate: 0.05 },
  { name: '+ max coverage, z = 0', evidence: 'soft', threshold: { rule: 'max-coverage', z: 0 }, learningRate: 0.05 },
  { name: 'now: max coverage, z = 1', evidence: 'soft', threshold: DEFAULT_THRESHOLD_RULE, learningRate: DEFAULT_CLASSIFIER_OPTIONS.learningRate },
  { name: '+ weak supervision (10 LFs)', evidence: 'soft', threshold: DEFAULT_THRESHOLD_RULE, learningRate: DEFAULT_CLASSIFIER_OPTIONS.learningRate, weakSupervision: true },
  { name: '+ label checks', evidence: 'soft', threshold: DEFAULT_THRESHOLD_RULE, learningRate: DEFAULT_CLASSIFIER_OPTIONS.learningRate, labelChecks: true },
];
const results = new Map<string, Outcome[]>(variants.map((v) => [v.name, []]));
let labelAccuracy = 0;
const started = Date.now();
for (let s = 0; s < SEEDS; s++) {
  const all = shuffle(data, rng(500 + s));
  const labeled = crowdLabels(all.slice(0, PHASE1), rng(900 + s));
  labelAccuracy += labeled.filter((l) => l.given === l.label).length / labeled.length / SEEDS;
  const phase2 = all.slice(PHASE1, PHASE1 + PHASE2);
  for (const v of variants) results.get(v.name)!.push(run(labeled, phase2, v, s));
}

const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length ? (a[(a.length - 1) >> 1]! + a[a.length >> 1]!) / 2 : NaN;
};
const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, node ${process.version}; ${SEEDS} seeds, ` +
    `${PHASE1} phase-1 labels (mean accuracy against truth ${labelAccuracy.toFixed(3)}; the expert right at ${EXPERT}, stating ${EXPERT_STATES}), ${PHASE2} phase-2 comments, target precision ${TARGET}`,
);
for (const { name } of variants) {
  const rs = results.get(name)!;
  const shares = rs.map((r) => r.taken / PHASE2);
  const taken = rs.reduce((n, r) => n + r.taken, 0);
  const right = rs.reduce((n, r) => n + r.right, 0);
  console.log(
    `${name.padEnd(26)}: threshold found ${rs.filter((r) => r.threshold !== null).length}/${SEEDS}; ` +
      `auto-accepted median ${pct(median(shares))} (range ${pct(Math.min(...shares))}–${pct(Math.max(...shares))}); ` +
      `their accuracy against truth, pooled ${taken ? (right / taken).toFixed(3) : 'n/a'} (${right}/${taken}); ` +
      `worst run ${Math.min(...rs.filter((r) => r.taken).map((r) => r.right / r.taken)).toFixed(3)}; ` +
      `model accuracy against truth median ${median(rs.map((r) => r.accuracy)).toFixed(3)}, ceiling at the target ${pct(median(rs.map((r) => r.oracle)))}` +
      (rs.some((r) => r.checks) ? `; labels checked by the expert, median ${median(rs.map((r) => r.checks))}` : ''),
  );
}

/**
 * After the model auto-accepts (decision 81): the model trained on phase 1 routes the next
 * ROUTED comments as prelabel does (calibrated confidence at or above its threshold: auto-accepted,
 * or audited at AUDIT_RATE; below: to the crowd), the crowd labels what reaches it, and the model
 * retrains on phase 1 plus those labels, its held-out answers unweighted or with each audited
 * label weighing 1 / AUDIT_RATE (as prelabel does: in the coverage it reports only). Measured on
 * the phase-2 comments: whether it still has a threshold, the share it takes, their accuracy, and
 * how far the coverage it reports is from that share (what the PM plans on). Only seeds whose
 * first model has a threshold count.
 */
const ROUTED = 200;
const AUDIT_RATE = 0.1;
const retrains = { unweighted: [] as (Outcome & { reported: number })[], weighted: [] as (Outcome & { reported: number })[] };
for (let s = 0; s < SEEDS; s++) {
  const all = shuffle(data, rng(500 + s));
  const labeled = crowdLabels(all.slice(0, PHASE1), rng(900 + s));
  const phase2 = all.slice(PHASE1, PHASE1 + PHASE2);
  const routed = all.slice(PHASE1 + PHASE2, PHASE1 + PHASE2 + ROUTED);
  const fit = (examples: { text: string; label: string; confidence: number; weight?: number }[]) =>
    trainLocalModel(examples, classes, { folds: 5, targetPrecision: TARGET, minSupport: 30 });
  const first = fit(labeled.map((l) => ({ text: l.text, label: l.given, confidence: l.confidence })));
  const t = first.report.choice.threshold;
  if (t === null) continue;
  const draw = rng(1300 + s);
  const toHumans = routed
    .map((c) => ({ c, sure: applyCalibration(first.calibration, first.classifier.predict(c.text).confidence) >= t, audit: draw() < AUDIT_RATE }))
    .filter((r) => !r.sure || r.audit);
  const more = crowdLabels(toHumans.map((r) => r.c), rng(1700 + s));
  for (const weighted of [false, true]) {
    const retrained = fit([
      ...labeled.map((l) => ({ text: l.text, label: l.given, confidence: l.confidence })),
      ...more.map((l, i) => ({ text: l.text, label: l.given, confidence: l.confidence, ...(weighted && toHumans[i]!.sure ? { weight: 1 / AUDIT_RATE } : {}) })),
    ]);
    const t2 = retrained.report.choice.threshold;
    let taken = 0;
    let right = 0;
    for (const c of phase2) {
      const p = retrained.classifier.predict(c.text);
      if (t2 !== null && applyCalibration(retrained.calibration, p.confidence) >= t2) {
        taken++;
        if (p.label === c.label) right++;
      }
    }
    const accuracy = phase2.filter((c) => retrained.classifier.predict(c.text).label === c.label).length / PHASE2;
    (weighted ? retrains.weighted : retrains.unweighted).push({
      accuracy, oracle: NaN, threshold: t2, taken, right, estimated: retrained.report.choice.precision, checks: 0, reported: retrained.report.choice.coverage,
    });
  }
}
console.log(`\nafter the model auto-accepts: ${ROUTED} comments routed by the first model (audit rate ${AUDIT_RATE}), the crowd labels what reaches it, the model retrains on ${PHASE1} + those labels`);
for (const [name, rs] of Object.entries(retrains)) {
  const shares = rs.map((r) => r.taken / PHASE2);
  const taken = rs.reduce((n, r) => n + r.taken, 0);
  const right = rs.reduce((n, r) => n + r.right, 0);
  const gaps = rs.filter((r) => r.threshold !== null).map((r) => Math.abs(r.reported - r.taken / PHASE2));
  console.log(
    `${`retrained, ${name}`.padEnd(26)}: threshold kept ${rs.filter((r) => r.threshold !== null).length}/${rs.length}; ` +
      `auto-accepted median ${pct(median(shares))} (range ${pct(Math.min(...shares))}–${pct(Math.max(...shares))}); ` +
      `their accuracy against truth, pooled ${taken ? (right / taken).toFixed(3) : 'n/a'} (${right}/${taken}); ` +
      `reported coverage off the share taken by a median ${(100 * median(gaps)).toFixed(0)} points (largest ${(100 * Math.max(...gaps)).toFixed(0)})`,
  );
}
console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
