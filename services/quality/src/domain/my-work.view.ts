import { fromBinary, toJson, type JsonValue } from '@bufbuild/protobuf';
import { AnswerRecordSchema, AnswerSchema } from '@verity/contracts';
import { z } from '@verity/config';
import { wilsonInterval } from '@verity/label-science';

/**
 * The annotator's "my work" view: pure parts (query, cursor, access, the answer view, accuracy).
 *
 * Honeypots stay hidden. Every answer, real or honeypot copy, is shown by `toMyWorkAnswer` with
 * the same keys and nothing about checks (no flag, no expected answer, no score). A honeypot
 * copy's finalLabel is always null, exactly like an answer whose task is not decided yet: its
 * expected answer is never shown as a final label (see docs/decisions.md).
 */

export const MY_WORK_DEFAULT_LIMIT = 50;
export const MY_WORK_MAX_LIMIT = 200;

/** Keyset position: the last row of a page (submitted_at to the microsecond, then annotation id). */
export interface MyWorkCursor {
  /** RFC 3339 UTC with microseconds, as Postgres printed it. */
  at: string;
  annotationId: string;
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(c: MyWorkCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.annotationId]), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one `encodeCursor` made. */
export function decodeCursor(text: string): MyWorkCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [at, annotationId] = v;
    if (typeof at !== 'string' || !CURSOR_AT.test(at) || Number.isNaN(Date.parse(at))) return null;
    if (typeof annotationId !== 'string' || annotationId === '' || annotationId.length > 200) return null;
    return { at, annotationId };
  } catch {
    return null;
  }
}

export const myWorkQuery = z.object({
  limit: z.coerce
    .number({ message: 'must be an integer from 1 to 200' })
    .int('must be an integer from 1 to 200')
    .min(1, 'must be an integer from 1 to 200')
    .max(MY_WORK_MAX_LIMIT, 'must be an integer from 1 to 200')
    .default(MY_WORK_DEFAULT_LIMIT),
  after: z
    .string()
    .max(1000, 'not a cursor from this endpoint')
    .transform((s, ctx) => {
      const c = decodeCursor(s);
      if (!c) {
        ctx.addIssue({ code: 'custom', message: 'not a cursor from this endpoint (use nextCursor)' });
        return z.NEVER;
      }
      return c;
    })
    .optional(),
});

/**
 * Who sees "my work" in a project: a person (not a machine key) whom the project's latest
 * snapshot lists as an active member with the annotator role. Anyone else learns nothing (404,
 * as for an unknown project).
 */
export function canSeeOwnWork(
  principal: { kind: string; id: string },
  project: object | null,
  member: { roles: string[]; active: boolean } | null,
): boolean {
  return principal.kind === 'user' && project !== null && member !== null && member.active && member.roles.includes('annotator');
}

/** One stored answer of the caller with its task's final label (null for honeypot copies by the query). */
export interface MyWorkRow {
  annotationId: string;
  taskId: string;
  itemId: string;
  questionId: string;
  ontologyVersion: number;
  /** verity.common.v1.AnswerRecord (protobuf), as received. */
  record: Uint8Array;
  submittedAt: Date;
  /** submitted_at for the cursor (RFC 3339 UTC, microseconds). */
  cursorAt: string;
  /** Whether the answer was to a honeypot copy: never shown, only used to keep its final label null. */
  honeypot: boolean;
  finalLabel: string | null;
  finalAnswer: Uint8Array | null;
  finalMethod: string | null;
  finalAt: Date | null;
}

export interface MyWorkFinalLabel {
  /** Option id of a single-choice label; null for other kinds. */
  label: string | null;
  /** The decided answer (protobuf JSON mapping of verity.common.v1.Answer). */
  answer: JsonValue;
  method: string;
  decidedAt: string;
}

export interface MyWorkAnswer {
  annotationId: string;
  taskId: string;
  itemId: string;
  questionId: string;
  ontologyVersion: number;
  /** The answer as submitted (protobuf JSON mapping of verity.common.v1.Answer); null when empty. */
  answer: JsonValue | null;
  submittedAt: string;
  timeSpentMs: number;
  finalLabel: MyWorkFinalLabel | null;
}

/** What the person sees of one answer: the same keys for every answer, nothing about checks. */
export function toMyWorkAnswer(r: MyWorkRow): MyWorkAnswer {
  const record = fromBinary(AnswerRecordSchema, r.record);
  const decided = !r.honeypot && r.finalAnswer !== null && r.finalMethod !== null && r.finalAt !== null;
  return {
    annotationId: r.annotationId,
    taskId: r.taskId,
    itemId: r.itemId,
    questionId: r.questionId,
    ontologyVersion: r.ontologyVersion,
    answer: record.answer?.value.case !== undefined ? toJson(AnswerSchema, record.answer) : null,
    submittedAt: r.submittedAt.toISOString(),
    timeSpentMs: Number(record.timeSpentMs),
    finalLabel: decided
      ? {
          label: r.finalLabel,
          answer: toJson(AnswerSchema, fromBinary(AnswerSchema, r.finalAnswer!)),
          method: r.finalMethod!,
          decidedAt: r.finalAt!.toISOString(),
        }
      : null,
  };
}

/** Share correct on one kind of check, with its 95 % Wilson interval (all null before the first). */
export interface CheckAccuracy {
  correct: number;
  total: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export function checkAccuracy(correct: number, total: number): CheckAccuracy {
  const w = wilsonInterval(correct, total);
  return w.defined
    ? { correct, total, rate: w.value.estimate, low: w.value.low, high: w.value.high }
    : { correct, total, rate: null, low: null, high: null };
}

export interface MyWorkAccuracy {
  /** Answers judged against expert truth: expert verdicts on the person's answers and expert-confirmed gold items. */
  gold: CheckAccuracy;
  /** Honeypots: served gold copies, scored against their expected answer. */
  honeypots: CheckAccuracy;
}

export function myWorkAccuracy(s: { goldAnswered: number; goldCorrect: number; honeypotsAnswered: number; honeypotsCorrect: number } | undefined): MyWorkAccuracy {
  return {
    gold: checkAccuracy(s?.goldCorrect ?? 0, s?.goldAnswered ?? 0),
    honeypots: checkAccuracy(s?.honeypotsCorrect ?? 0, s?.honeypotsAnswered ?? 0),
  };
}

export interface MyWork {
  answers: MyWorkAnswer[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Only when the project's policy has showAnnotatorAccuracy; otherwise null. */
  accuracy: MyWorkAccuracy | null;
}

/** A page from `limit + 1` rows, newest first: the extra row only says there is a next page. */
export function myWorkPage(rows: MyWorkRow[], limit: number, accuracy: MyWorkAccuracy | null): MyWork {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    answers: page.map(toMyWorkAnswer),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.cursorAt, annotationId: last.annotationId }) : null,
    accuracy,
  };
}
