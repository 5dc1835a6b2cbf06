import { ContentType, OntologyVersion, Question } from '@verity/contracts';
import { appliesToContent, conditionSatisfied } from './condition.evaluator';

/** A task to create: the question, and for a conditional one, the question it depends on. */
export interface PlannedTask {
  question: Question;
  /** Set for a conditional question: the question whose decided answer made it apply. */
  parentQuestionId?: string;
  /** Otherwise, an explicit parent (a relabel: the task whose label is asked again), if ours. */
  parentTaskId?: string;
}

/**
 * Tasks for an item entering an ontology version: every unconditional question that applies
 * to the content type, plus conditional ones whose parent is already decided and satisfied
 * (decisions may be known from before, e.g. after a restart), in ontology order.
 */
export function planInitialTasks(
  o: OntologyVersion,
  contentType: ContentType,
  decided: ReadonlyMap<string, readonly string[]> = new Map(),
): PlannedTask[] {
  const out: PlannedTask[] = [];
  for (const q of o.questions) {
    if (!appliesToContent(q, contentType)) continue;
    if (!q.condition) {
      out.push({ question: q });
      continue;
    }
    const parent = decided.get(q.condition.questionId);
    if (parent && conditionSatisfied(q.condition, parent)) out.push({ question: q, parentQuestionId: q.condition.questionId });
  }
  return out;
}

/** Tasks that a decision on `parentQuestionId` (with the decided options) makes apply. */
export function planDependentTasks(
  o: OntologyVersion,
  contentType: ContentType,
  parentQuestionId: string,
  decidedOptions: readonly string[],
): PlannedTask[] {
  return o.questions
    .filter(
      (q) =>
        q.condition?.questionId === parentQuestionId &&
        appliesToContent(q, contentType) &&
        conditionSatisfied(q.condition, decidedOptions),
    )
    .map((q) => ({ question: q, parentQuestionId }));
}
