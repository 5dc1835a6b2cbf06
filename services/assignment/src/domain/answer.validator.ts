import { QuestionKind, type Answer, type Question } from '@verity/contracts';
import type { FieldError } from '@verity/service-runtime';

/** What the validator knows of the task's content besides the question. */
export interface AnswerContext {
  /** The text annotators see (masked), for span bounds; absent for payload-only content. */
  text?: string | null;
  /** Longest free-text answer accepted, in characters. */
  maxFreeTextChars?: number;
}

const KIND_CASE: Record<number, Answer['value']['case']> = {
  [QuestionKind.SINGLE_CHOICE]: 'choice',
  [QuestionKind.MULTIPLE_CHOICE]: 'choice',
  [QuestionKind.FREE_TEXT]: 'freeText',
  [QuestionKind.TEXT_SPAN]: 'textSpans',
  [QuestionKind.TIME_SEGMENT]: 'timeSegments',
  [QuestionKind.BOX]: 'boxes',
};

export const KIND_NAME: Record<number, string> = {
  [QuestionKind.UNSPECIFIED]: 'unspecified',
  [QuestionKind.SINGLE_CHOICE]: 'single_choice',
  [QuestionKind.MULTIPLE_CHOICE]: 'multiple_choice',
  [QuestionKind.FREE_TEXT]: 'free_text',
  [QuestionKind.TEXT_SPAN]: 'text_span',
  [QuestionKind.TIME_SEGMENT]: 'time_segment',
  [QuestionKind.BOX]: 'box',
};

const EPS = 1e-9;

/**
 * Checks an answer against the question of the task's own ontology version. Returns every
 * fault, each naming the field (`answer.choice.optionIds[1]`, …); empty means valid.
 * "Missing" is: no value at all, an empty choice, or blank free text. Empty span / segment /
 * box lists are a real answer ("nothing to mark").
 */
export function validateAnswer(question: Question, answer: Answer, ctx: AnswerContext = {}): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, reason: string) => errors.push({ field, reason });
  const q = `question "${question.questionId}" (${KIND_NAME[question.kind] ?? 'unknown'})`;
  const expected = KIND_CASE[question.kind];
  if (!expected) {
    err('question', `${q} has an unsupported kind; the task cannot be answered`);
    return errors;
  }
  const v = answer.value;
  const missing =
    v.case === undefined ||
    (v.case === 'choice' && v.value.optionIds.length === 0) ||
    (v.case === 'freeText' && v.value.text.trim() === '');
  if (missing) {
    if (question.required) err('answer', `an answer is required by ${q}`);
    return errors;
  }
  if (v.case !== expected) {
    err('answer', `${q} takes answer.${expected}, not answer.${v.case}`);
    return errors;
  }
  const optionIds = new Set(question.options.map((o) => o.optionId));
  const checkOption = (field: string, id: string) => {
    if (optionIds.size > 0 && !optionIds.has(id)) err(field, `"${id}" is not an option of ${q}; options: ${[...optionIds].join(', ')}`);
  };

  switch (v.case) {
    case 'choice': {
      const ids = v.value.optionIds;
      ids.forEach((id, i) => checkOption(`answer.choice.optionIds[${i}]`, id));
      const dup = ids.find((id, i) => ids.indexOf(id) !== i);
      if (dup !== undefined) err('answer.choice.optionIds', `option "${dup}" is chosen twice`);
      if (question.kind === QuestionKind.SINGLE_CHOICE && ids.length > 1) {
        err('answer.choice.optionIds', `${q} takes exactly one option, got ${ids.length}`);
      }
      if (question.kind === QuestionKind.MULTIPLE_CHOICE) {
        if (question.minSelections !== undefined && ids.length < question.minSelections)
          err('answer.choice.optionIds', `${q} needs at least ${question.minSelections} options, got ${ids.length}`);
        if (question.maxSelections !== undefined && ids.length > question.maxSelections)
          err('answer.choice.optionIds', `${q} takes at most ${question.maxSelections} options, got ${ids.length}`);
      }
      break;
    }
    case 'freeText': {
      const max = ctx.maxFreeTextChars ?? 10000;
      if ([...v.value.text].length > max) err('answer.freeText.text', `longer than ${max} characters`);
      break;
    }
    case 'textSpans': {
      const len = ctx.text != null ? [...ctx.text].length : undefined;
      v.value.spans.forEach((s, i) => {
        const f = `answer.textSpans.spans[${i}]`;
        checkOption(`${f}.optionId`, s.optionId);
        if (s.end <= s.start) err(`${f}.end`, `end (${s.end}) must be greater than start (${s.start})`);
        else if (len !== undefined && s.end > len)
          err(`${f}.end`, `span [${s.start}, ${s.end}) lies outside the text (${len} characters)`);
      });
      break;
    }
    case 'timeSegments': {
      v.value.segments.forEach((s, i) => {
        const f = `answer.timeSegments.segments[${i}]`;
        checkOption(`${f}.optionId`, s.optionId);
        if (s.endMs <= s.startMs) err(`${f}.endMs`, `endMs (${s.endMs}) must be after startMs (${s.startMs})`);
      });
      break;
    }
    case 'boxes': {
      v.value.boxes.forEach((b, i) => {
        const f = `answer.boxes.boxes[${i}]`;
        checkOption(`${f}.optionId`, b.optionId);
        for (const k of ['x', 'y', 'width', 'height'] as const) {
          if (!Number.isFinite(b[k]) || b[k] < 0 || b[k] > 1) err(`${f}.${k}`, `${k} (${b[k]}) must be within [0, 1] (normalized)`);
        }
        if (b.width <= 0) err(`${f}.width`, 'width must be greater than 0');
        if (b.height <= 0) err(`${f}.height`, 'height must be greater than 0');
        if (b.x + b.width > 1 + EPS) err(`${f}.width`, `x + width (${b.x + b.width}) goes past the right edge (1)`);
        if (b.y + b.height > 1 + EPS) err(`${f}.height`, `y + height (${b.y + b.height}) goes past the bottom edge (1)`);
      });
      break;
    }
  }
  return errors;
}
