import type { FieldError } from '@verity/service-runtime';
import { OntologyDraft, QUESTION_TYPES, QuestionType } from '../http/ontology.schemas';

const CHOICE: ReadonlySet<string> = new Set<QuestionType>(['single_choice', 'multiple_choice']);
const LABELED: ReadonlySet<string> = new Set<QuestionType>(['text_span', 'time_segment', 'box']);
const KNOWN: ReadonlySet<string> = new Set(QUESTION_TYPES);

/**
 * The semantic checks of an ontology that a schema cannot express. Pure: returns every fault,
 * each named by its field path (empty when the ontology is sound):
 * unknown question type, duplicate question ids, duplicate option ids within a question,
 * choice (and labeled span/segment/box) questions without options, options on free text,
 * selection bounds, conditions on a missing or later question, condition cycles, conditions on
 * options that do not exist, and worked examples about missing questions or options.
 */
export function validateOntology(draft: OntologyDraft): FieldError[] {
  const errors: FieldError[] = [];
  const fault = (field: string, reason: string) => errors.push({ field, reason });
  const qs = draft.questions;

  const firstIndex = new Map<string, number>();
  qs.forEach((q, i) => {
    const at = `questions.${i}`;
    const seen = firstIndex.get(q.id);
    if (seen !== undefined) fault(`${at}.id`, `duplicate question id "${q.id}" (first used by questions.${seen})`);
    else firstIndex.set(q.id, i);

    if (!KNOWN.has(q.type)) fault(`${at}.type`, `unknown question type "${q.type}"; expected one of ${QUESTION_TYPES.join(', ')}`);

    const optionSeen = new Set<string>();
    q.options.forEach((o, k) => {
      if (optionSeen.has(o.id)) fault(`${at}.options.${k}.id`, `duplicate option id "${o.id}" in question "${q.id}"`);
      optionSeen.add(o.id);
    });
    if ((CHOICE.has(q.type) || LABELED.has(q.type)) && q.options.length === 0) {
      fault(`${at}.options`, `a ${q.type} question needs at least one option`);
    }
    if (q.type === 'free_text' && q.options.length > 0) fault(`${at}.options`, 'a free_text question has no options');

    if ((q.minSelections !== undefined || q.maxSelections !== undefined) && q.type !== 'multiple_choice') {
      fault(`${at}.minSelections`, 'selection bounds apply to multiple_choice questions only');
    }
    if (q.type === 'multiple_choice') {
      const min = q.minSelections ?? 0;
      if (q.maxSelections !== undefined && q.maxSelections < min) fault(`${at}.maxSelections`, `must be at least minSelections (${min})`);
      if (min > q.options.length) fault(`${at}.minSelections`, `is more than the ${q.options.length} options`);
    }
  });

  const cyclic = conditionCycles(draft, fault);
  qs.forEach((q, i) => {
    const c = q.condition;
    if (!c) return;
    const at = `questions.${i}.condition`;
    const target = firstIndex.get(c.questionId);
    if (target === undefined) {
      fault(`${at}.questionId`, `condition refers to question "${c.questionId}", which does not exist`);
      return;
    }
    if (cyclic.has(i)) return;
    if (target >= i) {
      fault(`${at}.questionId`, `condition refers to question "${c.questionId}" (questions.${target}), which comes later; a condition may only refer to an earlier question`);
    }
    const options = new Set(qs[target].options.map((o) => o.id));
    c.anyOf.forEach((optionId, k) => {
      if (!options.has(optionId)) fault(`${at}.anyOf.${k}`, `option "${optionId}" does not exist in question "${c.questionId}"`);
    });
  });

  draft.guidelines.examples.forEach((ex, i) => {
    const at = `guidelines.examples.${i}`;
    const target = firstIndex.get(ex.questionId);
    if (target === undefined) {
      fault(`${at}.questionId`, `example refers to question "${ex.questionId}", which does not exist`);
      return;
    }
    const options = new Set(qs[target].options.map((o) => o.id));
    for (const optionId of exampleOptionIds(ex.answer)) {
      if (!options.has(optionId)) fault(`${at}.answer`, `option "${optionId}" does not exist in question "${ex.questionId}"`);
    }
  });
  return errors;
}

/** Conditions form a graph with at most one edge per question; reports each cycle once. */
function conditionCycles(draft: OntologyDraft, fault: (field: string, reason: string) => void): Set<number> {
  const qs = draft.questions;
  const index = new Map<string, number>();
  qs.forEach((q, i) => (index.has(q.id) ? undefined : index.set(q.id, i)));
  const next = (i: number) => {
    const c = qs[i].condition;
    return c ? index.get(c.questionId) : undefined;
  };
  const onCycle = new Set<number>();
  const done = new Set<number>();
  for (let start = 0; start < qs.length; start++) {
    const path: number[] = [];
    const onPath = new Map<number, number>();
    let cur: number | undefined = start;
    while (cur !== undefined && !done.has(cur) && !onPath.has(cur)) {
      onPath.set(cur, path.length);
      path.push(cur);
      cur = next(cur);
    }
    if (cur !== undefined && onPath.has(cur)) {
      const cycle = path.slice(onPath.get(cur));
      const first = Math.min(...cycle);
      const rotated = [...cycle.slice(cycle.indexOf(first)), first];
      cycle.forEach((i) => onCycle.add(i));
      fault(`questions.${first}.condition`, `condition cycle: ${rotated.map((i) => qs[i].id).join(' → ')}`);
    }
    path.forEach((i) => done.add(i));
  }
  return onCycle;
}

function exampleOptionIds(answer: OntologyDraft['guidelines']['examples'][number]['answer']): string[] {
  if ('choice' in answer) return answer.choice;
  if ('textSpans' in answer) return answer.textSpans.map((s) => s.optionId);
  if ('timeSegments' in answer) return answer.timeSegments.map((s) => s.optionId);
  if ('boxes' in answer) return answer.boxes.map((b) => b.optionId);
  return [];
}
