import type { Answer, Question, TaskView } from '../../api/types';

/** The machine's draft answer of a task, when prelabel routed it with one. */
export function draftAnswer(task: TaskView): Answer | null {
  const d = task.draft as Record<string, unknown> | null;
  if (!d || typeof d !== 'object') return null;
  const candidate = (isAnswer(d) ? d : d.answer) as unknown;
  return isAnswer(candidate) ? (candidate as Answer) : null;
}

function isAnswer(x: unknown): boolean {
  if (!x || typeof x !== 'object') return false;
  return ['choice', 'freeText', 'textSpans', 'timeSegments', 'boxes'].some((k) => k in (x as object));
}

/** The empty answer for a question kind (the editor's starting point when there is no draft). */
export function emptyAnswer(q: Question): Answer | null {
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice':
      return { choice: { optionIds: [] } };
    case 'free_text':
      return { freeText: { text: '' } };
    case 'text_span':
      return { textSpans: { spans: [] } };
    case 'time_segment':
      return { timeSegments: { segments: [] } };
    case 'box':
      return { boxes: { boxes: [] } };
    default:
      return null;
  }
}

/** The answer the editor starts from: the draft when it fits the question, else empty. */
export function initialAnswer(task: TaskView): Answer | null {
  const empty = emptyAnswer(task.question);
  const draft = draftAnswer(task);
  if (draft && empty && Object.keys(draft)[0] === Object.keys(empty)[0]) return structuredClone(draft);
  return empty;
}

/** A required choice or text answer that is still empty cannot be submitted (the server says the same). */
export function missingRequired(q: Question, a: Answer): boolean {
  if (!q.required) return false;
  if ('choice' in a) return a.choice.optionIds.length === 0;
  if ('freeText' in a) return a.freeText.text.trim() === '';
  return false;
}

/** Code points of a string, so offsets match the server's (it counts code points). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

export function formatMs(ms: number): string {
  const s = ms / 1000;
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(2).padStart(5, '0')}`;
}
