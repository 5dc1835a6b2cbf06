import { z } from '@verity/config';

/** Entries per diff page: default and upper bound. */
export const DIFF_PAGE_DEFAULT = 100;
export const DIFF_PAGE_MAX = 1000;

/** A (item, question) key: the diff's order and its keyset cursor. */
export interface DiffKey {
  itemId: string;
  questionId: string;
}

const KEY_PART_MAX = 1000;

/** The opaque cursor of a diff page: base64url of `[itemId, questionId]` of the last entry sent. */
export function encodeDiffCursor(k: DiffKey): string {
  return Buffer.from(JSON.stringify([k.itemId, k.questionId]), 'utf8').toString('base64url');
}

/** The key a cursor stands for, or null when it is not one this API issued. */
export function decodeDiffCursor(cursor: string): DiffKey | null {
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [itemId, questionId] = parsed as unknown[];
  if (typeof itemId !== 'string' || typeof questionId !== 'string') return null;
  if (itemId.length > KEY_PART_MAX || questionId.length > KEY_PART_MAX) return null;
  return { itemId, questionId };
}

/** Query of GET …/releases/:a/diff/:b: `limit` (1–1000, default 100) and `after` (a nextCursor). */
export const diffQuery = z.object({
  limit: z.coerce.number().int().min(1).max(DIFF_PAGE_MAX).default(DIFF_PAGE_DEFAULT),
  after: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return null;
      const key = decodeDiffCursor(s);
      if (!key) {
        ctx.addIssue({ code: 'custom', message: 'not a cursor of this diff: pass nextCursor of the previous page as it is' });
        return z.NEVER;
      }
      return key;
    }),
});
export type DiffQuery = z.output<typeof diffQuery>;

export type DiffChange = 'added' | 'changed' | 'removed';

/** One side of an entry: the label version a release holds for the (item, question). */
export interface DiffSide {
  labelVersion: number;
  status: 'active' | 'excluded';
  label: string;
  /** The answer as in the release files (protobuf JSON, proto field names), null when none. */
  answer: unknown;
  confidence: number;
  ontologyVersion: number;
  adjudicated: boolean;
  gold: boolean;
  decidedAt: string;
  labelEventId: string;
}

export interface DiffEntry {
  itemId: string;
  questionId: string;
  change: DiffChange;
  before: DiffSide | null;
  after: DiffSide | null;
}

export interface DiffCounts {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

export interface ReleaseDiff extends DiffCounts {
  from: string;
  to: string;
  entries: DiffEntry[];
  nextCursor: string | null;
}

/** What a (item, question) present in one or both releases is, by the versions each holds. */
export function changeOf(before: number | null, after: number | null): DiffChange | 'unchanged' {
  if (before === null && after === null) throw new Error('a diff entry needs a version on one side at least');
  if (before === null) return 'added';
  if (after === null) return 'removed';
  return before === after ? 'unchanged' : 'changed';
}

/**
 * The counts of a diff from the releases' sizes and the entries written (keys added, changed,
 * removed): every other key of the "from" release is unchanged. The "to" release must add up.
 */
export function diffCounts(fromCount: number, toCount: number, entries: Omit<DiffCounts, 'unchanged'>): DiffCounts {
  const unchanged = fromCount - entries.removed - entries.changed;
  if (unchanged < 0 || unchanged + entries.changed + entries.added !== toCount) {
    throw new Error(
      `release diff does not add up: from ${fromCount} labels, to ${toCount}, entries ${JSON.stringify(entries)}`,
    );
  }
  return { ...entries, unchanged };
}
