import { testAllWithin } from './bounded-regex';
import { keywordMatcher } from './keyword-matcher';
import { type LabelingFunction, lfKey, type LfVote } from './labeling-function';
import { assertValidLf } from './validate-lf';

export interface LfItem {
  readonly id: string;
  readonly text: string;
  /** ms since the epoch; copied onto the item's votes (for analysis over time). */
  readonly time?: number;
}

/**
 * What the caller computed for the LFs that are definitions only. Per-LF maps are looked up by
 * `id@version`, then by `id`; then by item id.
 */
export interface LfExtras {
  /** `model` LFs: the model's confidence that the item is the LF's `votes` option. */
  readonly scores?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** `llm` LFs: the model's answer to the rendered prompt. */
  readonly llmAnswers?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `feedback` LFs: the feedback signals each item received in production. */
  readonly feedback?: Readonly<Record<string, readonly string[]>>;
}

export interface ApplyLfsOptions {
  /** Wall-clock budget of one regex LF over one batch of texts (default 1000 ms). */
  readonly regexBudgetMs?: number;
  /** Texts per regex batch (default 500). */
  readonly batchSize?: number;
}

export class LfApplyError extends Error {
  override name = 'LfApplyError';
}

/**
 * Applies each LF to each item: one vote per (item, LF) that fires, in item order then LF
 * order; an abstain is no vote. LFs are validated first (the regex static check included; the
 * probe strings are `validateLf`'s job at save time). Regex LFs run in a `vm` under a
 * wall-clock budget per batch, with no cap on text length: a batch over budget throws an
 * LfApplyError naming the LF and the items, never hangs. Every other kind is linear in the text.
 */
export function applyLfs(
  lfs: readonly LabelingFunction[],
  items: readonly LfItem[],
  extras: LfExtras = {},
  options: ApplyLfsOptions = {},
): LfVote[] {
  const seen = new Set<string>();
  for (const lf of lfs) {
    assertValidLf(lf, { probe: false });
    if (seen.has(lfKey(lf)))
      throw new LfApplyError(`labeling function ${lfKey(lf)} is given twice`);
    seen.add(lfKey(lf));
  }
  const labels = lfs.map((lf) => labelsOf(lf, items, extras, options));
  const votes: LfVote[] = [];
  items.forEach((item, i) => {
    lfs.forEach((lf, j) => {
      const label = labels[j][i];
      if (label === null) return;
      const vote: LfVote = {
        item_id: item.id,
        lf_id: lf.id,
        lf_version: lf.version,
        question_id: lf.question_id,
        label,
      };
      votes.push(item.time === undefined ? vote : { ...vote, time: item.time });
    });
  });
  return votes;
}

/** One LF over all items: its label per item, or null (abstain). */
function labelsOf(
  lf: LabelingFunction,
  items: readonly LfItem[],
  extras: LfExtras,
  options: ApplyLfsOptions,
): (string | null)[] {
  const byItem = <T>(table: Readonly<Record<string, Readonly<Record<string, T>>>> | undefined) =>
    table?.[lfKey(lf)] ?? table?.[lf.id] ?? {};
  const fires = (option: string, hit: (item: LfItem) => boolean) =>
    items.map((it) => (hit(it) ? option : null));
  switch (lf.kind) {
    case 'keywords': {
      const match = keywordMatcher(lf.keywords);
      return items.map((it) => (match(it.text) ? lf.votes : null));
    }
    case 'regex':
      return regexHits(lf, items, options).map((hit) => (hit ? lf.votes : null));
    case 'length':
      return fires(lf.votes, (it) => {
        const n = lf.unit === 'words' ? wordCount(it.text) : [...it.text].length;
        return (lf.min === undefined || n >= lf.min) && (lf.max === undefined || n <= lf.max);
      });
    case 'model': {
      const scores = byItem(extras.scores);
      return fires(
        lf.votes,
        (it) => typeof scores[it.id] === 'number' && scores[it.id] >= lf.min_confidence,
      );
    }
    case 'llm': {
      const answers = byItem(extras.llmAnswers);
      const mapping = new Map(Object.entries(lf.mapping).map(([a, o]) => [normalise(a), o]));
      return items.map((it) => {
        const answer = answers[it.id];
        return typeof answer === 'string' ? (mapping.get(normalise(answer)) ?? null) : null;
      });
    }
    case 'feedback':
      return fires(lf.votes, (it) => extras.feedback?.[it.id]?.includes(lf.signal) ?? false);
  }
}

const normalise = (answer: string) => answer.trim().toLowerCase();

/** Runs of non-whitespace. */
export function wordCount(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}

function regexHits(
  lf: LabelingFunction & { kind: 'regex' },
  items: readonly LfItem[],
  options: ApplyLfsOptions,
): boolean[] {
  const budget = options.regexBudgetMs ?? 1000;
  const size = Math.max(1, options.batchSize ?? 500);
  const hits: boolean[] = [];
  for (let start = 0; start < items.length; start += size) {
    const batch = items.slice(start, start + size);
    const r = testAllWithin(
      lf.pattern,
      lf.flags ?? '',
      batch.map((it) => it.text),
      budget,
    );
    if (r === null) {
      throw new LfApplyError(
        `labeling function ${lfKey(lf)}: regex exceeded its ${budget} ms budget on items ` +
          `${batch[0].id} … ${batch[batch.length - 1].id} (${batch.length} items); refused`,
      );
    }
    hits.push(...r);
  }
  return hits;
}
