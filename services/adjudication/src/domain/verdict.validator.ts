import { z } from '@verity/config';
import { QuestionKind, type Answer, type Question } from '@verity/contracts';
import type { FieldError } from '@verity/service-runtime';

/** The verdict body: the shape is checked first, then the label against the question. */
export const verdictBodySchema = z.object({
  /** Single choice: the option id. (Multiple choice: `labels`; a lone `label` is accepted.) */
  label: z.string().min(1).max(200).optional(),
  labels: z.array(z.string().min(1).max(200)).max(100).optional(),
  confidence: z.number().min(0).max(1),
  note: z.string().max(4000).optional(),
  goldCandidate: z.boolean().optional(),
});
export type VerdictBody = z.output<typeof verdictBodySchema>;

export const escalateBodySchema = z.object({
  note: z.string().trim().min(1, 'a note saying why the expert cannot settle it is required').max(4000),
});

/** A validated verdict, ready to become a DecisionEvent. */
export interface ValidVerdict {
  /** DecisionEvent.label: the option id for single choice; '' for multiple choice. */
  label: string;
  /** The chosen option ids (one for single choice). */
  optionIds: string[];
  confidence: number;
  note: string;
  goldCandidate: boolean;
  /** The majority answer's key the verdict overrides, or null when it agrees / there is none. */
  overrode: string | null;
}

/** The comparable key of a choice answer: its option ids, sorted, comma-joined; null for other kinds. */
export function answerKey(a: Answer | undefined): string | null {
  if (a?.value.case !== 'choice') return null;
  return [...a.value.value.optionIds].sort().join(',');
}

/**
 * The majority answer among the given answers: the unique most frequent key, or null (no
 * answers, no choice answers, or a tie at the top: then there is no majority to override).
 */
export function majorityKey(answers: (Answer | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const k = answerKey(a);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((x, y) => y[1] - x[1]);
  if (ranked.length === 0) return null;
  if (ranked.length > 1 && ranked[1][1] === ranked[0][1]) return null;
  return ranked[0][0];
}

export type VerdictCheck = { ok: true; verdict: ValidVerdict } | { ok: false; errors: FieldError[] };

/**
 * Checks a verdict against the question of the request's ontology version: the label must be
 * one of its options (multiple choice: distinct options within [min, max] selections), and a
 * note is required when the verdict overrides the majority of the answers.
 */
export function checkVerdict(body: VerdictBody, question: Question, answers: (Answer | undefined)[]): VerdictCheck {
  const errors: FieldError[] = [];
  const options = question.options.map((o) => o.optionId);
  const known = (id: string) => options.includes(id);
  const optionList = options.join(', ');
  const where = `question ${question.questionId}`;
  let optionIds: string[] = [];

  if (question.kind === QuestionKind.SINGLE_CHOICE) {
    if (body.labels !== undefined && body.label === undefined) {
      errors.push({ field: 'label', reason: `${where} is single choice: give one option id as label` });
    } else if (body.label === undefined) {
      errors.push({ field: 'label', reason: `required: one of ${optionList}` });
    } else if (!known(body.label)) {
      errors.push({ field: 'label', reason: `"${body.label}" is not an option of ${where}; options: ${optionList}` });
    } else {
      optionIds = [body.label];
    }
  } else if (question.kind === QuestionKind.MULTIPLE_CHOICE) {
    const given = body.labels ?? (body.label !== undefined ? [body.label] : undefined);
    const field = body.labels !== undefined ? 'labels' : 'label';
    if (given === undefined) {
      errors.push({ field: 'labels', reason: `required: option ids of ${optionList}` });
    } else {
      const unknown = given.filter((g) => !known(g));
      const min = question.minSelections ?? 0;
      const max = question.maxSelections;
      if (unknown.length > 0) errors.push({ field, reason: `not options of ${where}: ${unknown.join(', ')}; options: ${optionList}` });
      else if (new Set(given).size !== given.length) errors.push({ field, reason: 'an option may be chosen once' });
      else if (given.length < min) errors.push({ field, reason: `choose at least ${min} option(s)` });
      else if (max !== undefined && given.length > max) errors.push({ field, reason: `choose at most ${max} option(s)` });
      else optionIds = given;
    }
  } else {
    errors.push({ field: 'label', reason: `${where} is of kind ${QuestionKind[question.kind] ?? question.kind}: only choice questions are adjudicated here` });
  }

  const majority = majorityKey(answers);
  const key = [...optionIds].sort().join(',');
  const overrode = optionIds.length > 0 && majority !== null && key !== majority ? majority : null;
  const note = (body.note ?? '').trim();
  if (overrode !== null && note === '') {
    errors.push({ field: 'note', reason: `required: the verdict overrides the majority answer (${overrode})` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    verdict: {
      label: question.kind === QuestionKind.SINGLE_CHOICE ? optionIds[0] : '',
      optionIds,
      confidence: body.confidence,
      note,
      goldCandidate: body.goldCandidate ?? false,
      overrode,
    },
  };
}

/**
 * The soft label of an adjudicated single-choice decision: the verdict's confidence on its
 * label and the rest spread evenly over the other options (sums to 1). Empty otherwise.
 */
export function expertSoftLabel(question: Question, verdict: ValidVerdict): Record<string, number> {
  if (question.kind !== QuestionKind.SINGLE_CHOICE || !verdict.label) return {};
  const others = question.options.map((o) => o.optionId).filter((id) => id !== verdict.label);
  if (others.length === 0) return { [verdict.label]: 1 };
  const rest = (1 - verdict.confidence) / others.length;
  return { [verdict.label]: verdict.confidence, ...Object.fromEntries(others.map((o) => [o, rest])) };
}

/** One expert verdict folded into a reliability: r' = (r·k + [agreed]) / (k + 1). */
export function foldObservation(reliability: number, agreed: boolean, priorWeight: number): number {
  const r = Math.min(1, Math.max(0, reliability));
  return (r * priorWeight + (agreed ? 1 : 0)) / (priorWeight + 1);
}
