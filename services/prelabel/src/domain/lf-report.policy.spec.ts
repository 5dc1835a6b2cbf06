import { lfQuestionReport } from './lf-report.policy';

const vote = (item: string, lf: string, version: number, label: string) => ({ item_id: item, lf_id: lf, lf_version: version, label, question_id: 'spam' });

describe('lfQuestionReport', () => {
  // kw@1 then kw@2 (changed), url@1 active, old@1 retired.
  const votes = [
    vote('a', 'kw', 1, 'spam'),
    vote('b', 'kw', 1, 'spam'),
    vote('a', 'kw', 2, 'spam'),
    vote('b', 'kw', 2, 'spam'),
    vote('c', 'kw', 2, 'spam'),
    vote('a', 'url', 1, 'spam'),
    vote('c', 'url', 1, 'ham'),
    vote('d', 'old', 1, 'ham'),
  ];
  const heads = new Map([
    ['kw', { version: 2, retired: false }],
    ['url', { version: 1, retired: false }],
    ['old', { version: 1, retired: true }],
    ['silent', { version: 1, retired: false }],
  ]);
  const gold = new Map([['a', 'spam'], ['b', 'ham'], ['c', 'spam']]);
  const r = lfQuestionReport(votes, { items: ['a', 'b', 'c', 'd', 'e'], gold, heads });
  const by = (lf: string) => r.lfs.find((s) => s.lf === lf)!;

  it('lists every version, latest and retired marked, a silent LF with zero votes', () => {
    expect(r.lfs.map((s) => `${s.lf}:${s.latest}:${s.retired}`)).toEqual(['kw@1:false:false', 'kw@2:true:false', 'old@1:true:true', 'silent@1:true:false', 'url@1:true:false']);
    expect(by('silent@1')).toMatchObject({ votes: 0, coverage: 0, accuracy: { defined: false } });
  });

  it('coverage and accuracy of each version are its own votes over all items, with a Wilson interval', () => {
    expect(by('kw@1')).toMatchObject({ votes: 2, coverage: 2 / 5, accuracy: { defined: true, value: { successes: 1, trials: 2 } } });
    expect(by('kw@2')).toMatchObject({ votes: 3, coverage: 3 / 5, accuracy: { defined: true, value: { successes: 2, trials: 3 } } });
    expect(by('old@1')).toMatchObject({ votes: 1, coverage: 1 / 5, polarity: ['ham'] });
  });

  it('versions of one LF never overlap each other; overlap and conflict are against the active set', () => {
    // kw@1 on a (url votes spam: overlap, no conflict) and b (alone).
    expect(by('kw@1')).toMatchObject({ overlap: 1 / 5, conflict: 0 });
    // kw@2 on a (agree with url) and c (url says ham: conflict).
    expect(by('kw@2')).toMatchObject({ overlap: 2 / 5, conflict: 1 / 5 });
    expect(by('url@1')).toMatchObject({ overlap: 2 / 5, conflict: 1 / 5, polarity: ['ham', 'spam'] });
    expect(by('old@1')).toMatchObject({ overlap: 0, conflict: 0 });
  });

  it('totals describe the active set (latest versions, retired LFs left out)', () => {
    expect(r.totals).toMatchObject({ items: 5, lfs: 2, votes: 5, coverage: 3 / 5, overlap: 2 / 5, conflict: 1 / 5, goldItems: 3 });
  });

  it('no items: an empty report', () => {
    expect(lfQuestionReport([], { items: [], gold: new Map(), heads })).toEqual({ lfs: [], totals: expect.objectContaining({ items: 0 }) });
  });

  it('over time: the active set per bucket of item arrival, items counted where they arrived, only when asked', () => {
    const day = 24 * 3600 * 1000;
    const t0 = Date.UTC(2026, 11, 1);
    const itemTimes = new Map([['a', t0], ['b', t0 + 1000], ['c', t0 + day], ['d', t0 + day], ['e', t0 + 3 * day]]);
    const timed = lfQuestionReport(votes, { items: ['a', 'b', 'c', 'd', 'e'], gold, heads, overTime: { bucketMs: day, itemTimes } });
    expect(timed.overTime!.map((b) => [b.start, b.totals.items, b.totals.votes])).toEqual([
      ['2026-12-01T00:00:00.000Z', 2, 3], // a: kw@2 + url@1, b: kw@2 (the active set only)
      ['2026-12-02T00:00:00.000Z', 2, 2], // c: kw@2 + url@1 (conflict); d: old@1 is retired
      ['2026-12-04T00:00:00.000Z', 1, 0],
    ]);
    expect(timed.overTime![1]!.totals.conflict).toBeCloseTo(0.5, 9);
    expect(timed.overTime![0]!.lfs.find((l) => l.lf === 'kw@2')).toMatchObject({ votes: 2, coverage: 1, accuracy: { defined: true, value: { trials: 2, successes: 1 } } });
    expect(timed.lfs).toEqual(r.lfs);
    expect(r.overTime).toBeUndefined();
  });
});
