import type { Answer } from '@verity/contracts';

/** The kind of value an answer carries (the oneof case), or 'empty'. */
export type AnswerKind = 'choice' | 'freeText' | 'textSpans' | 'timeSegments' | 'boxes' | 'empty';

/** Separator of option ids in a multi-choice key; option ids never contain it (they are slugs/ids). */
export const SET_SEPARATOR = '|';

export function answerKind(answer: Answer | undefined): AnswerKind {
  return (answer?.value.case ?? 'empty') as AnswerKind;
}

const normalizeText = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Canonical key of an answer: two answers are "equal" (for agreement, aggregation and honeypot
 * scoring) exactly when their keys are equal. Null for an empty answer (never equal to anything).
 *
 * - choice (single or multiple): the set of option ids, sorted, de-duplicated, joined by "|":
 *   multi-choice equality is set equality, and a single choice is a one-element set.
 * - free text: NFC, trimmed, whitespace collapsed, lower-cased (exact match after normalization).
 * - spans / segments / boxes: exact match of the sorted list of their canonical fields, prefixed
 *   by the kind. No overlap tolerance yet (IoU matching is future work): near-misses disagree
 *   and therefore go to adjudication rather than being silently merged.
 */
export function answerKey(answer: Answer | undefined): string | null {
  const v = answer?.value;
  switch (v?.case) {
    case 'choice': {
      const ids = [...new Set(v.value.optionIds.filter((o) => o !== ''))].sort();
      return ids.length ? ids.join(SET_SEPARATOR) : null;
    }
    case 'freeText': {
      const t = normalizeText(v.value.text);
      return t ? `text:${t}` : null;
    }
    case 'textSpans': {
      const parts = v.value.spans.map((s) => `${s.start}-${s.end}:${s.optionId}`).sort();
      return `spans:${parts.join(';')}`;
    }
    case 'timeSegments': {
      const parts = v.value.segments.map((s) => `${s.startMs}-${s.endMs}:${s.optionId}`).sort();
      return `segments:${parts.join(';')}`;
    }
    case 'boxes': {
      const parts = v.value.boxes.map((b) => `${b.x},${b.y},${b.width},${b.height}@${b.frameMs ?? ''}:${b.optionId}`).sort();
      return `boxes:${parts.join(';')}`;
    }
    default:
      return null;
  }
}

/** Option ids of a choice key. */
export function optionsOfKey(key: string): string[] {
  return key.split(SET_SEPARATOR);
}

/**
 * Honeypot scoring: correct iff the answer's key equals the expected answer's key (set equality
 * for multi-choice). Null when there is nothing to score against (no or empty expected answer).
 */
export function scoreHoneypot(answer: Answer | undefined, expected: Answer | undefined): boolean | null {
  const want = answerKey(expected);
  if (want === null) return null;
  return answerKey(answer) === want;
}
