import { Answer, ContentType, OntologyVersion, Question, QuestionCondition } from '@verity/contracts';

/** The option ids a decision settled on: its label, plus the chosen options of a choice answer. */
export function decidedOptionIds(d: { label: string; answer?: Answer }): string[] {
  const ids = new Set<string>();
  if (d.label) ids.add(d.label);
  if (d.answer?.value.case === 'choice') for (const id of d.answer.value.value.optionIds) ids.add(id);
  return [...ids];
}

/** A condition holds when the decided answer contains any of its options. */
export function conditionSatisfied(cond: QuestionCondition, decided: readonly string[]): boolean {
  return cond.anyOfOptionIds.some((o) => decided.includes(o));
}

/** Whether a question is asked about content of this type (empty list = every type). */
export function appliesToContent(q: Question, contentType: ContentType): boolean {
  return q.contentTypes.length === 0 || q.contentTypes.includes(contentType);
}

/** The question of an ontology version, by id. */
export function questionById(o: OntologyVersion, id: string): Question | undefined {
  return o.questions.find((q) => q.questionId === id);
}
