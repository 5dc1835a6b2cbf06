import { buildAnswers, labelModel, lfKey, parseLfKey, scoreLabelModel, type LabelModelParams } from '@verity/label-science';
import { storedPair, type CalibrationMap, type Scored, type StoredPair } from './calibration.math';
import { calibrate, correctedCredit, type CalibrationReport } from './local.model';

/** What the models table stores for a label model (backend `labelmodel`): its fitted parameters. */
export interface LabelModelState {
  kind: 'labelmodel';
  classes: string[];
  /** `lfId@version` of every LF the fit read, in the order of `votes`' rows. */
  lfs: string[];
  /** Class balance P(y), in `classes` order. */
  priors: number[];
  /** Flat LFs × classes × (classes + 1): P(LF votes l | y), the last column P(abstains | y). */
  votes: number[];
}

/** One stored vote of an LF version on an item. */
export interface ItemVote {
  itemId: string;
  lfId: string;
  lfVersion: number;
  label: string;
}

/** An item's weak label: the label model's class, its posterior and the votes behind it. */
export interface WeakScore {
  optionId: string;
  /** The label model's posterior of `optionId` (raw; the served calibration maps it). */
  confidence: number;
  /** The label model's posterior of every class: the soft label. */
  posterior: Record<string, number>;
  votes: { lfId: string; lfVersion: number; optionId: string }[];
}

/** A label the threshold is checked against: the decided option and how sure it is (null: certain). */
export interface TruthLabel {
  itemId: string;
  label: string;
  confidence: number | null;
}

export interface WeakCalibration {
  calibration: CalibrationMap;
  report: CalibrationReport;
  /** [raw confidence, credit] per labeled item with a weak label: what a changed target re-derives the threshold from. */
  pairs: StoredPair[];
}

/**
 * Fits the label model on the votes of the given LF versions (others left out), over the
 * question's options. Null when there is nothing to fit: fewer than two options, or no vote.
 * The fit reads no label: decided labels only calibrate it (`calibrateWeak`).
 */
export function fitLabelModel(votes: readonly ItemVote[], classes: readonly string[], lfs: ReadonlySet<string>): LabelModelState | null {
  if (classes.length < 2) return null;
  const known = new Set(classes);
  const rows = votes
    .filter((v) => known.has(v.label) && lfs.has(lfKey({ id: v.lfId, version: v.lfVersion })))
    .map((v) => ({ item: v.itemId, worker: lfKey({ id: v.lfId, version: v.lfVersion }), label: v.label }));
  if (rows.length === 0) return null;
  const fit = labelModel(buildAnswers(rows, { classes }));
  return { kind: 'labelmodel', classes: [...fit.params.classNames], lfs: [...fit.params.workerNames], priors: Array.from(fit.params.priors), votes: Array.from(fit.params.votes) };
}

function paramsOf(s: LabelModelState): LabelModelParams {
  return { method: 'labelmodel', classNames: s.classes, workerNames: s.lfs, priors: Float64Array.from(s.priors), votes: Float64Array.from(s.votes) };
}

/**
 * Weak labels of items under a stored fit, by item id. Only votes of LF versions the fit read
 * count; an item with none of them has no weak label (never the bare class balance).
 */
export function scoreWeak(state: LabelModelState, votes: readonly ItemVote[]): Map<string, WeakScore> {
  const scored = scoreLabelModel(
    paramsOf(state),
    votes.map((v) => ({ item: v.itemId, lf: lfKey({ id: v.lfId, version: v.lfVersion }), label: v.label })),
  );
  return new Map(
    scored.map((s) => [
      s.item,
      {
        optionId: s.label,
        confidence: s.confidence,
        posterior: Object.fromEntries(state.classes.map((c, i) => [c, s.posterior[i]!])),
        votes: s.votes.map((v) => {
          const k = parseLfKey(v.lf);
          return { lfId: k.id, lfVersion: k.version ?? 0, optionId: v.label };
        }),
      },
    ]),
  );
}

/**
 * Calibration and threshold of a fit against decided labels, as the local model's: an isotonic
 * map of (weak-label confidence, agrees with the label) over every labeled item with a weak
 * label, each counting with the label's own confidence (`correctedCredit`), and the threshold for
 * the target precision by the same rule. The label model never saw these labels, so every pair is
 * held out.
 */
export function calibrateWeak(state: LabelModelState, votes: readonly ItemVote[], truth: readonly TruthLabel[], targetPrecision: number | null, minSupport: number): WeakCalibration {
  const labeled = new Set(truth.map((t) => t.itemId));
  const weak = scoreWeak(state, votes.filter((v) => labeled.has(v.itemId)));
  const pairs: Scored[] = [];
  for (const t of truth) {
    const w = weak.get(t.itemId);
    if (!w) continue;
    const correct = w.optionId === t.label;
    pairs.push({ confidence: w.confidence, correct, pCorrect: correctedCredit(correct, t.confidence ?? 1, state.classes.length) });
  }
  const { map, report } = calibrate(pairs, targetPrecision, minSupport);
  return { calibration: map, report, pairs: pairs.map(storedPair) };
}

