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

export interface ExpertComparison {
  /** Items whose final label carries the expert's verdict. */
  adjudicated: number;
  /** Items decided from the human answers alone: the platform's labels and majority vote of the same answers. */
  withoutExpert: { platform: Score; majorityVote: Score };
  /** Every item with human answers; majority vote takes the expert's verdict where the platform got one. */
  withExpert: { platform: Score; majorityVote: Score };
}

/**
 * The platform against plain majority vote on the same items, given the same help: without the
 * expert (items the answers decided) and with the expert (every item humans answered, the
 * expert's verdicts counted for both). Items no human answered (auto-accepted) are left out.
 */
export function expertComparison(labels: Iterable<LabelEvent>, answers: AnswerRow[], truth: TruthBook): ExpertComparison {
  const mv = majorityVote(buildAnswers(answers));
  const mvOf = new Map(mv.itemNames.map((item, i) => [item, mv.labels[i]]));
  const answered = [...labels].filter((e) => mvOf.has(e.itemId));
  const byExpert = (e: LabelEvent) => e.adjudicated;
  const alone = answered.filter((e) => !byExpert(e));
  return {
    adjudicated: answered.filter(byExpert).length,
    withoutExpert: {
      platform: score(alone.map((e) => [e.itemId, e.label]), truth),
      majorityVote: score(alone.map((e) => [e.itemId, mvOf.get(e.itemId)!]), truth),
    },
    withExpert: {
      platform: score(answered.map((e) => [e.itemId, e.label]), truth),
      majorityVote: score(answered.map((e) => [e.itemId, byExpert(e) ? e.label : mvOf.get(e.itemId)!]), truth),
    },
  };
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
