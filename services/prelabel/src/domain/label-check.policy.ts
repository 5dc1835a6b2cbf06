/**
 * Label checks: the expert looks again at the labels the local model disagrees with out-of-fold,
 * once per item, and what a held-out answer counts for then.
 *
 * Against labels right with probability c, a threshold for precision 0.95 cannot be verified on a
 * few hundred answers: each answer's agreement is a coin of bias near c, and its noise swamps the
 * few points the target needs (local.model's corrected credit is unbiased, not precise). Checking
 * every disagreement changes the coin. With the rule "the label the model disagrees with gets a
 * verdict right with probability c2", the final label agrees with a right model with probability
 * c' = c + (1 − c)·c2 (near 1, so little noise), and with a wrong one with probability
 * e' = ε + (1 − ε)·ε2, where ε = (1 − c)/(K − 1) and ε2 = (1 − c2)/(K − 1) are the chances an
 * error lands on one given wrong class. An answer then counts for (1[agrees] − e')/(c' − e'),
 * unbiased for the model being right, as the single-stage credit is, with far less variance.
 */
import { MIN_LABEL_CONFIDENCE } from './local.model';

/** Where a training label stands with respect to label checks. */
export type LabelCheckState =
  /** Never checked. */
  | { kind: 'none' }
  /** A check was requested; no newer label has arrived yet. */
  | { kind: 'pending' }
  /** Checked: the label trained on is the verdict; the confidences are the checked label's and the verdict's. */
  | { kind: 'answered'; originalConfidence: number; verdictConfidence: number };

const floor = (c: number) => Math.min(1, Math.max(MIN_LABEL_CONFIDENCE, c));

/** What one held-out answer counts for under the check rule: see the file comment. */
export function checkedCredit(agrees: boolean, labelConfidence: number, verdictConfidence: number, classes: number): number {
  const k = Math.max(2, classes);
  const c = floor(labelConfidence);
  const c2 = floor(verdictConfidence);
  const eps = (1 - c) / (k - 1);
  const eps2 = (1 - c2) / (k - 1);
  const right = c + (1 - c) * c2;
  const wrong = eps + (1 - eps) * eps2;
  return ((agrees ? 1 : 0) - wrong) / (right - wrong);
}

/**
 * How a held-out answer is credited, given its label's check state:
 * - answered: the label is the verdict; the checked label's confidence and the verdict's give the
 *   two-stage credit;
 * - never checked, and the model agrees with the label: had it disagreed, the label would have
 *   been checked, so the two-stage credit holds with the verdicts' usual confidence
 *   (`verdictConfidence`, null while no check has been answered: then the single-stage one);
 * - pending, or a disagreement not checked yet: the single-stage credit (`single`).
 */
export function heldOutCredit(
  agrees: boolean,
  labelConfidence: number,
  state: LabelCheckState,
  verdictConfidence: number | null,
  classes: number,
  single: (agrees: boolean, labelConfidence: number, classes: number) => number,
): number {
  if (state.kind === 'answered') return checkedCredit(agrees, state.originalConfidence, state.verdictConfidence, classes);
  if (state.kind === 'none' && agrees && verdictConfidence !== null) return checkedCredit(true, labelConfidence, verdictConfidence, classes);
  return single(agrees, labelConfidence, classes);
}

/** A training label the model disagrees with, as a check candidate. */
export interface CheckCandidate {
  /** Position of the label in the training examples. */
  index: number;
  /** The model's out-of-fold answer (what the machine answer carries). */
  label: string;
  /** Its out-of-fold confidence. */
  confidence: number;
}

/**
 * The labels to check after a training: out-of-fold disagreements whose label was never checked
 * and is not gold, the most confident disagreements first (the likeliest wrong labels, and the
 * ones at the top of the threshold's curve), at most `max`.
 */
export function labelsToCheck(
  outOfFold: readonly CheckCandidate[],
  labels: readonly { label: string; gold: boolean; state: LabelCheckState }[],
  max: number,
): CheckCandidate[] {
  if (max <= 0) return [];
  return outOfFold
    .filter((o) => {
      const l = labels[o.index];
      return l !== undefined && !l.gold && l.state.kind === 'none' && o.label !== l.label;
    })
    .sort((a, b) => b.confidence - a.confidence || a.index - b.index)
    .slice(0, max);
}
