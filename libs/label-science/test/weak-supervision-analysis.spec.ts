import { analyzeLfs, type LfStats, type LfVoteRecord, parseLfKey, voteRecord } from '../src';

// The hand example: five items, three LF versions, gold on every item.
//   i1: A spam, B spam      (overlap)
//   i2: A spam, B ham       (overlap, conflict)
//   i3: A spam, C@2 spam    (overlap)
//   i4: C@2 ham
//   i5: no vote
const DAY = 86_400_000;
const votes: LfVoteRecord[] = [
  voteRecord('i1', 'A@1', 'spam', 0),
  voteRecord('i2', 'A@1', 'spam', 10),
  voteRecord('i3', 'A@1', 'spam', DAY + 5),
  voteRecord('i1', 'B@1', 'spam', 0),
  voteRecord('i2', 'B@1', 'ham', 10),
  voteRecord('i3', 'C@2', 'spam', DAY),
  voteRecord('i4', 'C@2', 'ham', DAY + 1),
];
const gold = new Map([
  ['i1', 'spam'],
  ['i2', 'ham'],
  ['i3', 'ham'],
  ['i4', 'ham'],
  ['i5', 'spam'],
]);
const items = ['i1', 'i2', 'i3', 'i4', 'i5'];
const byLf = (lfs: readonly LfStats[]) => Object.fromEntries(lfs.map((s) => [s.lf, s]));

describe('analyzeLfs on a hand-computed example', () => {
  const r = analyzeLfs(votes, { gold, items });
  const s = byLf(r.lfs);

  it('coverage, overlap, conflict and polarity per LF version', () => {
    expect(r.lfs.map((x) => x.lf)).toEqual(['A@1', 'B@1', 'C@2']);
    expect(s['A@1']).toMatchObject({
      id: 'A',
      version: 1,
      votes: 3,
      coverage: 0.6,
      overlap: 0.6,
      conflict: 0.2,
      polarity: ['spam'],
    });
    expect(s['B@1']).toMatchObject({
      votes: 2,
      coverage: 0.4,
      overlap: 0.4,
      conflict: 0.2,
      polarity: ['ham', 'spam'],
    });
    expect(s['C@2']).toMatchObject({
      id: 'C',
      version: 2,
      votes: 2,
      coverage: 0.4,
      overlap: 0.2,
      conflict: 0,
      polarity: ['ham', 'spam'],
    });
  });

  it('empirical accuracy against gold with a Wilson 95 % interval and its count', () => {
    const a = s['A@1'].accuracy;
    if (!a.defined) throw new Error(a.reason);
    // 1 of 3: p = 1/3, n = 3, z = 1.96 → centre 0.42692, half-width 0.36543.
    expect(a.value.estimate).toBeCloseTo(1 / 3, 10);
    expect(a.value.low).toBeCloseTo(0.0615, 4);
    expect(a.value.high).toBeCloseTo(0.7923, 4);
    expect([a.value.successes, a.value.trials]).toEqual([1, 3]);
    expect(s['B@1'].accuracy).toMatchObject({
      defined: true,
      value: { estimate: 1, high: 1, successes: 2, trials: 2 },
    });
    expect(s['C@2'].accuracy).toMatchObject({
      defined: true,
      value: { estimate: 0.5, successes: 1, trials: 2 },
    });
  });

  it('totals of the LF set', () => {
    expect(r.totals).toEqual({
      items: 5,
      lfs: 3,
      votes: 7,
      coverage: 0.8,
      overlap: 0.6,
      conflict: 0.2,
      goldItems: 5,
    });
  });

  it('without an item list the denominator is the voted items; without gold accuracy is undefined', () => {
    const bare = analyzeLfs(votes);
    expect(bare.totals.items).toBe(4);
    expect(bare.totals.coverage).toBe(1);
    expect(byLf(bare.lfs)['A@1'].coverage).toBe(0.75);
    expect(byLf(bare.lfs)['A@1'].accuracy).toEqual({ defined: false, reason: 'no trials' });
  });

  it("over time: the same figures per bucket of the items' earliest vote", () => {
    const t = analyzeLfs(votes, { gold, items, bucketMs: DAY });
    expect(t.overTime?.map((b) => [b.start, b.totals.items])).toEqual([
      [0, 2], // i1, i2 (i5 has no time)
      [DAY, 2], // i3, i4
    ]);
    const [day0, day1] = t.overTime!.map((b) => byLf(b.lfs));
    expect([day0['A@1'].coverage, day0['B@1'].coverage, day0['C@2'].coverage]).toEqual([1, 1, 0]);
    expect(day0['A@1'].conflict).toBe(0.5);
    expect([day1['A@1'].coverage, day1['B@1'].coverage, day1['C@2'].coverage]).toEqual([0.5, 0, 1]);
    expect(day1['C@2'].accuracy).toMatchObject({
      defined: true,
      value: { successes: 1, trials: 2 },
    });
    // Item times can be given instead: i5 then counts (uncovered) in its bucket.
    const given = analyzeLfs(votes, {
      items,
      bucketMs: DAY,
      itemTimes: new Map([
        ['i1', 0],
        ['i5', 3],
      ]),
    });
    expect(given.overTime).toHaveLength(1);
    expect(given.overTime![0].totals).toMatchObject({ items: 2, coverage: 0.5 });
  });

  it('counts a repeated vote once and refuses two labels from one LF on one item', () => {
    expect(analyzeLfs([...votes, votes[0]], { items }).totals.votes).toBe(7);
    expect(() => analyzeLfs([...votes, voteRecord('i1', 'A@1', 'ham')])).toThrow(
      'item "i1": A@1 voted twice with different labels (spam, ham)',
    );
  });

  it('refuses votes about several questions, and an empty set', () => {
    const q = (question_id: string, item_id: string): LfVoteRecord => ({
      item_id,
      lf_id: 'A',
      lf_version: 1,
      label: 'x',
      question_id,
    });
    expect(() => analyzeLfs([q('q1', 'a'), q('q2', 'b')])).toThrow(
      'votes are about 2 questions (q1, q2)',
    );
    expect(() => analyzeLfs([])).toThrow('no items');
  });

  it('reads id@version; other names are all id', () => {
    expect(parseLfKey('kw_my@12')).toEqual({ id: 'kw_my', version: 12 });
    expect(parseLfKey('user@example.org')).toEqual({ id: 'user@example.org', version: null });
    expect(analyzeLfs([voteRecord('i', 'plain', 'x')]).lfs[0]).toMatchObject({
      lf: 'plain',
      id: 'plain',
      version: null,
    });
  });
});
