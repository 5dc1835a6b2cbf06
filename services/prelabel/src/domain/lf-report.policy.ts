import { analyzeLfs, type LfSetTotals, type LfStats, type LfVoteRecord, wilsonInterval } from '@verity/label-science';

/** The latest version of an LF and whether it is retired. */
export interface LfHead {
  readonly version: number;
  readonly retired: boolean;
}

export interface LfVersionStats extends LfStats {
  /** The LF's latest version (retired or not). */
  readonly latest: boolean;
  readonly retired: boolean;
}

/** The active set over time: per bucket of item arrival, its totals and each active LF's votes, coverage and accuracy. */
export interface LfBucketReport {
  /** Start of the bucket (ISO 8601). */
  readonly start: string;
  readonly totals: LfSetTotals;
  readonly lfs: readonly Pick<LfStats, 'lf' | 'votes' | 'coverage' | 'accuracy'>[];
}

export interface LfQuestionReport {
  /** Every version of every LF that has votes or is the latest: coverage, polarity and accuracy of its own votes; overlap and conflict against the active LFs' latest versions (never against its own other versions). */
  readonly lfs: readonly LfVersionStats[];
  /** The active set (the latest version of each LF not retired), as the label model would see it today. */
  readonly totals: LfSetTotals;
  /** The active set per bucket of item arrival (oldest first), when asked for with a bucket width. */
  readonly overTime?: readonly LfBucketReport[];
}

/**
 * LF analysis per version (label-science analyzeLfs). Versions of one LF never count as
 * overlapping or conflicting with each other: each version is analysed together with the latest
 * version of every other active LF. Shares are over `items` (every item the LFs could vote on);
 * accuracy against `gold` (decided labels), with a Wilson interval.
 */
export function lfQuestionReport(
  votes: readonly LfVoteRecord[],
  opts: {
    items: readonly string[];
    gold: ReadonlyMap<string, string>;
    heads: ReadonlyMap<string, LfHead>;
    /** Over time: bucket width (ms) and each item's arrival (ms since the epoch). */
    overTime?: { bucketMs: number; itemTimes: ReadonlyMap<string, number> };
  },
): LfQuestionReport {
  const key = (id: string, version: number | null) => `${id}@${version}`;
  const byKey = new Map<string, LfVoteRecord[]>();
  for (const v of votes) {
    const k = key(v.lf_id, v.lf_version);
    const list = byKey.get(k);
    if (list) list.push(v);
    else byKey.set(k, [v]);
  }
  const versions = new Map<string, { id: string; version: number }>();
  for (const v of votes) if (v.lf_version !== null) versions.set(key(v.lf_id, v.lf_version), { id: v.lf_id, version: v.lf_version });
  for (const [id, h] of opts.heads) versions.set(key(id, h.version), { id, version: h.version });
  const active = [...opts.heads].filter(([, h]) => !h.retired).map(([id, h]) => key(id, h.version));
  const items = [...new Set([...opts.items, ...votes.map((v) => v.item_id)])];
  if (!items.length) return { lfs: [], totals: { items: 0, lfs: 0, votes: 0, coverage: 0, overlap: 0, conflict: 0, goldItems: 0 }, ...(opts.overTime ? { overTime: [] } : {}) };
  const run = (keys: readonly string[], overTime?: { bucketMs: number; itemTimes: ReadonlyMap<string, number> }) =>
    analyzeLfs(keys.flatMap((k) => byKey.get(k) ?? []), { items, gold: opts.gold, ...(overTime ? { bucketMs: overTime.bucketMs, itemTimes: overTime.itemTimes } : {}) });
  const current = run(active, opts.overTime);
  const lfs: LfVersionStats[] = [];
  for (const [k, { id, version }] of [...versions].sort(([, a], [, b]) => (a.id === b.id ? a.version - b.version : a.id < b.id ? -1 : 1))) {
    const head = opts.heads.get(id);
    const latest = head?.version === version;
    const retired = head?.retired ?? false;
    const set = [k, ...active.filter((a) => !a.startsWith(`${id}@`) || a === k)];
    const report = latest && !retired ? current : run([...new Set(set)]);
    const stats = report.lfs.find((s) => s.lf === k) ?? emptyStats(id, version);
    lfs.push({ ...stats, latest, retired });
  }
  const overTime = current.overTime?.map((b) => ({
    start: new Date(b.start).toISOString(),
    totals: b.totals,
    lfs: b.lfs.map(({ lf, votes: n, coverage, accuracy }) => ({ lf, votes: n, coverage, accuracy })),
  }));
  return { lfs, totals: current.totals, ...(overTime ? { overTime } : {}) };
}

/** A version without a vote (analyzeLfs lists only LFs that voted). */
function emptyStats(id: string, version: number): LfStats {
  return { lf: `${id}@${version}`, id, version, votes: 0, coverage: 0, overlap: 0, conflict: 0, polarity: [], accuracy: wilsonInterval(0, 0) };
}
