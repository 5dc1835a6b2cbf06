import { AdjudicationReason } from '@verity/contracts';

export interface DecisionInput {
  /** Pairwise agreement of the task; null when undefined (fewer than two answers). */
  agreement: number | null;
  /** Posterior of the best label (the confidence). */
  posterior: number;
  agreementThreshold: number;
  posteriorThreshold: number;
  /** A machine answer or a draft shown to an annotator differs from the aggregated label. */
  machineDisagrees: boolean;
  /** Whether machine disagreement alone sends a task to an expert. */
  routeMachineDisagreement: boolean;
  /** Annotators below the floor on honeypots whose answers the label depends on. */
  failingAnnotators: readonly string[];
}

export type Outcome =
  | { kind: 'decide' }
  | { kind: 'adjudicate'; reasons: AdjudicationReason[]; detail: string };

const f2 = (x: number) => x.toFixed(2);

/**
 * The decision rule. Decide iff agreement ≥ agreement_threshold (skipped when undefined: a
 * single-answer task) AND posterior ≥ posterior_threshold AND no pivotal answer from an
 * annotator failing honeypots AND (when routed) no machine disagreement. Otherwise adjudicate
 * with every reason that applies, most severe first: HONEYPOT_FAILURE, LOW_AGREEMENT,
 * LOW_POSTERIOR, MACHINE_DISAGREEMENT. A value equal to its threshold passes.
 */
export function decide(input: DecisionInput): Outcome {
  const reasons: AdjudicationReason[] = [];
  const details: string[] = [];
  if (input.failingAnnotators.length > 0) {
    reasons.push(AdjudicationReason.HONEYPOT_FAILURE);
    details.push(`answer(s) from annotator(s) below the floor on honeypots: ${input.failingAnnotators.join(', ')}`);
  }
  if (input.agreement !== null && input.agreement < input.agreementThreshold) {
    reasons.push(AdjudicationReason.LOW_AGREEMENT);
    details.push(`pairwise agreement ${f2(input.agreement)} < ${f2(input.agreementThreshold)}`);
  }
  if (input.posterior < input.posteriorThreshold) {
    reasons.push(AdjudicationReason.LOW_POSTERIOR);
    details.push(`posterior ${f2(input.posterior)} < ${f2(input.posteriorThreshold)}`);
  }
  if (input.machineDisagrees && (input.routeMachineDisagreement || reasons.length > 0)) {
    reasons.push(AdjudicationReason.MACHINE_DISAGREEMENT);
    details.push('the machine answer/draft differs from the humans\' label');
  }
  return reasons.length === 0 ? { kind: 'decide' } : { kind: 'adjudicate', reasons, detail: details.join('; ') };
}

/**
 * Which flagged annotators' answers the label depends on. A flagged annotator is pivotal unless
 * the other (unflagged) answers number at least two and all equal the label by themselves.
 */
export function pivotalFailing(
  answers: readonly { annotatorId: string; key: string | null }[],
  flagged: ReadonlySet<string>,
  label: string | null,
): string[] {
  const failing = [...new Set(answers.filter((a) => flagged.has(a.annotatorId)).map((a) => a.annotatorId))];
  if (failing.length === 0) return [];
  const rest = answers.filter((a) => !flagged.has(a.annotatorId));
  const settledWithout = rest.length >= 2 && label !== null && rest.every((a) => a.key === label);
  return settledWithout ? [] : failing.sort();
}
