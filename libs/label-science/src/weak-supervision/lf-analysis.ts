import type { Defined } from '../defined';
import { type Proportion, wilsonInterval } from '../stats/wilson';
import { parseLfKey } from './labeling-function';

/** A vote as analysis reads it: from applyLfs, or a votes file (`lf_version` null if unknown). */
export interface LfVoteRecord {
  readonly item_id: string;
  readonly lf_id: string;
  readonly lf_version: number | null;
  readonly label: string;
  readonly question_id?: string;
  readonly time?: number;
}

export interface AnalyzeLfsOptions {
  /** Gold or decided labels, item → label: the reference of each LF's empirical accuracy. */
  readonly gold?: ReadonlyMap<string, string>;
  /** Every item of the set (coverage's denominator); default: the items that got a vote. */
  readonly items?: readonly string[];
  /** Group the analysis by time buckets of this width (ms), by each item's time. */
  readonly bucketMs?: number;
  /** Item times for the buckets; default: the earliest `time` among the item's votes. */
  readonly itemTimes?: ReadonlyMap<string, number>;
  /** Normal quantile of the accuracy interval (default 1.96: 95 %). */
  readonly z?: number;
}

export interface LfStats {
  /** `id@version` (or the id alone when votes carry no version). */
  readonly lf: string;
  readonly id: string;
  readonly version: number | null;
  /** Items it voted on. */
  readonly votes: number;
  /** Share of items it voted on. */
  readonly coverage: number;
  /** Share of items where it and at least one other LF voted. */
  readonly overlap: number;
  /** Share of items where another LF voted a different label. */
  readonly conflict: number;
  /** The labels it emits, sorted. */
  readonly polarity: readonly string[];
  /** Share of its votes on gold items that equal gold, with a Wilson interval; `trials` is the
   * number of gold items it voted on. Undefined when there are none. */
  readonly accuracy: Defined<Proportion>;
}

export interface LfSetTotals {
  readonly items: number;
  readonly lfs: number;
  readonly votes: number;
  /** Share of items with at least one vote / two LFs voting / two different labels. */
  readonly coverage: number;
  readonly overlap: number;
  readonly conflict: number;
  readonly goldItems: number;
}

export interface LfReport {
  readonly lfs: readonly LfStats[];
  readonly totals: LfSetTotals;
}

export interface LfAnalysis extends LfReport {
  /** Per time bucket (start in ms, ascending), when `bucketMs` is given. */
  readonly overTime?: readonly (LfReport & { readonly start: number })[];
}

/**
 * Snorkel-style LF summary: per LF version, coverage, overlap, conflict, polarity and
 * empirical accuracy; plus the LF set's totals; optionally the same per time bucket. All shares
 * are over items. Votes must be about one question; one LF voting twice on an item with two
 * different labels is an error (the same vote repeated counts once).
 */
export function analyzeLfs(
  votes: readonly LfVoteRecord[],
  options: AnalyzeLfsOptions = {},
): LfAnalysis {
  const questions = new Set(votes.map((v) => v.question_id).filter((q) => q !== undefined));
  if (questions.size > 1) {
    throw new RangeError(
      `votes are about ${questions.size} questions (${[...questions].join(', ')}); analyse one question at a time`,
    );
  }
  const byItem = new Map<string, Map<string, string>>();
  const firstTime = new Map<string, number>();
  const lfs = new Map<string, { id: string; version: number | null }>();
  for (const v of votes) {
    const key = v.lf_version === null ? v.lf_id : `${v.lf_id}@${v.lf_version}`;
    if (!lfs.has(key)) lfs.set(key, { id: v.lf_id, version: v.lf_version });
    let m = byItem.get(v.item_id);
    if (!m) byItem.set(v.item_id, (m = new Map()));
    const prev = m.get(key);
    if (prev !== undefined && prev !== v.label) {
      throw new RangeError(
        `item "${v.item_id}": ${key} voted twice with different labels (${prev}, ${v.label})`,
      );
    }
    m.set(key, v.label);
    if (v.time !== undefined && !(v.time >= (firstTime.get(v.item_id) ?? Infinity)))
      firstTime.set(v.item_id, v.time);
  }
  const items = [...new Set([...(options.items ?? []), ...byItem.keys()])];
  if (items.length === 0) throw new RangeError('no items: no votes and no item list');
  const keys = [...lfs.keys()].sort((a, b) => compareLfs(lfs.get(a)!, lfs.get(b)!));
  const gold = options.gold ?? new Map<string, string>();
  const z = options.z ?? 1.96;
  const report = (subset: readonly string[]) => summarise(subset, keys, lfs, byItem, gold, z);

  const result: LfAnalysis = report(items);
  if (options.bucketMs === undefined) return result;
  if (!(options.bucketMs > 0))
    throw new RangeError(`bucketMs must be positive, not ${options.bucketMs}`);
  const times = options.itemTimes ?? firstTime;
  const buckets = new Map<number, string[]>();
  for (const item of items) {
    const t = times.get(item);
    if (t === undefined) continue;
    const start = Math.floor(t / options.bucketMs) * options.bucketMs;
    let list = buckets.get(start);
    if (!list) buckets.set(start, (list = []));
    list.push(item);
  }
  const overTime = [...buckets.keys()]
    .sort((a, b) => a - b)
    .map((start) => ({ start, ...report(buckets.get(start)!) }));
  return { ...result, overTime };
}

function summarise(
  items: readonly string[],
  keys: readonly string[],
  lfs: ReadonlyMap<string, { id: string; version: number | null }>,
  byItem: ReadonlyMap<string, ReadonlyMap<string, string>>,
  gold: ReadonlyMap<string, string>,
  z: number,
): LfReport {
  const at = new Map(keys.map((k, j) => [k, j]));
  const J = keys.length;
  const voted = new Float64Array(J);
  const overlapped = new Float64Array(J);
  const conflicted = new Float64Array(J);
  const trials = new Float64Array(J);
  const correct = new Float64Array(J);
  const polarity = keys.map(() => new Set<string>());
  let covered = 0;
  let anyOverlap = 0;
  let anyConflict = 0;
  let nVotes = 0;
  let goldItems = 0;
  for (const item of items) {
    const truth = gold.get(item);
    if (truth !== undefined) goldItems++;
    const m = byItem.get(item);
    if (!m || m.size === 0) continue;
    const labels = new Set(m.values());
    covered++;
    if (m.size > 1) anyOverlap++;
    // With two different labels on the item, every LF on it disagrees with at least one other.
    if (labels.size > 1) anyConflict++;
    for (const [key, label] of m) {
      const j = at.get(key)!;
      nVotes++;
      voted[j]++;
      polarity[j].add(label);
      if (m.size > 1) overlapped[j]++;
      if (labels.size > 1) conflicted[j]++;
      if (truth !== undefined) {
        trials[j]++;
        if (label === truth) correct[j]++;
      }
    }
  }
  const n = items.length;
  return {
    lfs: keys.map((key, j) => ({
      lf: key,
      id: lfs.get(key)!.id,
      version: lfs.get(key)!.version,
      votes: voted[j],
      coverage: voted[j] / n,
      overlap: overlapped[j] / n,
      conflict: conflicted[j] / n,
      polarity: [...polarity[j]].sort(),
      accuracy: wilsonInterval(correct[j], trials[j], z),
    })),
    totals: {
      items: n,
      lfs: keys.length,
      votes: nVotes,
      coverage: covered / n,
      overlap: anyOverlap / n,
      conflict: anyConflict / n,
      goldItems,
    },
  };
}

function compareLfs(
  a: { id: string; version: number | null },
  b: { id: string; version: number | null },
): number {
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return (a.version ?? 0) - (b.version ?? 0);
}

/** Votes-file rows (`lf` = `id@version` or an id) as analysis input. */
export function voteRecord(item: string, lf: string, label: string, time?: number): LfVoteRecord {
  const { id, version } = parseLfKey(lf);
  return time === undefined
    ? { item_id: item, lf_id: id, lf_version: version, label }
    : { item_id: item, lf_id: id, lf_version: version, label, time };
}
