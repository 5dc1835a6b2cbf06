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

/** Final labels beside majority vote on the same items, with and without the expert's verdicts. */
export interface ExpertComparison {
  /** Every item with human answers; majority vote takes the expert's verdict where the expert settled the item. */
  withExpert: { platform: Score; majorityVote: Score };
  /** The items the expert did not settle: the crowd's answers alone. */
  withoutExpert: { platform: Score; majorityVote: Score };
  /** The expert's verdicts against the truth. */
  expert: Score;
}

/**
 * Compares the platform's final labels with majority vote of the same human answers, on the same
 * items, in fairness to majority vote: where the expert settled an item, majority vote gets the
 * same verdict. Items without human answers (auto-accepted) are left out.
 */
export function expertComparison(labels: Map<string, LabelEvent>, answers: AnswerRow[], verdicts: Map<string, string>, truth: TruthBook): ExpertComparison {
  const mv = majorityVote(buildAnswers(answers));
  const mvOf = new Map(mv.itemNames.map((item, i) => [item, mv.labels[i]] as [string, string]));
  const items = [...mvOf.keys()].filter((item) => labels.has(item));
  const settled = (item: string) => verdicts.has(item) || Boolean(labels.get(item)?.adjudicated);
  const crowd = items.filter((item) => !settled(item));
  const platformOn = (its: string[]) => score(its.map((item) => [item, labels.get(item)!.label]), truth);
  return {
    withExpert: { platform: platformOn(items), majorityVote: score(items.map((item) => [item, verdicts.get(item) ?? mvOf.get(item)!]), truth) },
    withoutExpert: { platform: platformOn(crowd), majorityVote: score(crowd.map((item) => [item, mvOf.get(item)!]), truth) },
    expert: score([...verdicts], truth),
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
