import { AnnotatorEvent, LabelEvent } from '@verity/contracts';
import { buildAnswers, majorityVote, pairwiseAgreement } from '@verity/label-science';
import { AnswerRow } from './annotators';
import { DemoProject } from './demo-project';
import { TruthBook } from './truth-book';

export interface Score {
  correct: number;
  scored: number;
  /** correct / scored; NaN when nothing was scored. */
  accuracy: number;
}

function score(pairs: [item: string, label: string][], truth: TruthBook): Score {
  let correct = 0;
  let scored = 0;
  for (const [item, label] of pairs) {
    const t = truth.ofItem(item);
    if (!t) continue;
    scored++;
    if (label === t) correct++;
  }
  return { correct, scored, accuracy: scored ? correct / scored : NaN };
}

/** Final labels against the truth. */
export function labelAccuracy(labels: Iterable<LabelEvent>, truth: TruthBook): Score {
  return score([...labels].map((e) => [e.itemId, e.label]), truth);
}

/** Plain majority vote of the same human answers, against the truth. */
export function majorityVoteAccuracy(answers: AnswerRow[], truth: TruthBook): Score {
  const mv = majorityVote(buildAnswers(answers));
  return score(mv.itemNames.map((item, i) => [item, mv.labels[i]]), truth);
}

export function meanPairwiseAgreement(answers: AnswerRow[]): number {
  const a = pairwiseAgreement(buildAnswers(answers)).mean;
  return a.defined ? a.value : NaN;
}

/** Each annotator's latest reliability as quality (which owns it) announced it on annotators.v1. */
export function reliabilities(events: AnnotatorEvent[], p: DemoProject): Map<string, number> {
  const nameOf = new Map(p.annotators.map((a) => [a.id, a.name]));
  const out = new Map<string, number>();
  for (const e of events) {
    const name = nameOf.get(e.annotatorId);
    if (e.envelope?.producer === 'quality' && name) out.set(name, e.reliability);
  }
  return out;
}
