import { type Io, main } from '../src';

function fakeIo(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => {
      if (p in files) return files[p];
      throw Object.assign(new Error('not found'), { code: 'ENOENT' });
    },
    writeFile: () => undefined,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

// The hand example of label-science's analysis spec, as files.
const DAY = 86_400_000;
const VOTES = `item,lf,label,time
i1,A@1,spam,0
i2,A@1,spam,10
i3,A@1,spam,${DAY + 5}
i1,B@1,spam,0
i2,B@1,ham,10
i3,C@2,spam,${DAY}
i4,C@2,ham,${DAY + 1}
`;
const GOLD = 'item,label\ni1,spam\ni2,ham\ni3,ham\ni4,ham\ni5,spam\n';
const ITEMS = 'item\ni1\ni2\ni3\ni4\ni5\n';
const files = { 'votes.csv': VOTES, 'gold.csv': GOLD, 'items.csv': ITEMS };

describe('verity lf analyze', () => {
  it('prints a plain-text table per LF version with accuracy, then the totals', () => {
    const f = fakeIo(files);
    expect(
      main(
        ['lf', 'analyze', '--votes', 'votes.csv', '--gold', 'gold.csv', '--items', 'items.csv'],
        f.io,
      ),
    ).toBe(0);
    expect(f.out()).toBe(
      [
        'lf     polarity  votes  coverage  overlap  conflict  accuracy    95% interval  gold n',
        'A@1    spam          3     0.600    0.600     0.200     0.333  [0.061, 0.792]       3',
        'B@1    ham|spam      2     0.400    0.400     0.200     1.000  [0.342, 1.000]       2',
        'C@2    ham|spam      2     0.400    0.200     0.000     0.500  [0.095, 0.905]       2',
        '(all)                7     0.800    0.600     0.200                                 5',
        '5 items, 3 labeling functions',
        '',
      ].join('\n'),
    );
  });

  it('--json prints the analysis; without --items the voted items are the denominator', () => {
    const f = fakeIo(files);
    expect(main(['lf', 'analyze', '--votes', 'votes.csv', '--json'], f.io)).toBe(0);
    const r = JSON.parse(f.out());
    expect(r.totals).toEqual({
      items: 4,
      lfs: 3,
      votes: 7,
      coverage: 1,
      overlap: 0.75,
      conflict: 0.25,
      goldItems: 0,
    });
    expect(r.lfs[0]).toMatchObject({
      lf: 'A@1',
      id: 'A',
      version: 1,
      coverage: 0.75,
      polarity: ['spam'],
    });
    expect(r.lfs[0].accuracy).toEqual({ defined: false, reason: 'no trials' });
  });

  it('--bucket repeats the analysis per time bucket', () => {
    const f = fakeIo(files);
    expect(main(['lf', 'analyze', '--votes', 'votes.csv', '--bucket', '1d', '--json'], f.io)).toBe(
      0,
    );
    const r = JSON.parse(f.out());
    expect(
      r.overTime.map((b: { start_iso: string; totals: { items: number } }) => [
        b.start_iso,
        b.totals.items,
      ]),
    ).toEqual([
      ['1970-01-01T00:00:00.000Z', 2],
      ['1970-01-02T00:00:00.000Z', 2],
    ]);
    const text = fakeIo(files);
    expect(main(['lf', 'analyze', '--votes', 'votes.csv', '--bucket', '24h'], text.io)).toBe(0);
    expect(text.out()).toContain('\n1970-01-02T00:00:00.000Z (2 items)\nlf ');
  });

  it('reads the aggregate shape (worker column) and JSONL', () => {
    const asWorker = VOTES.replace('item,lf,label,time', 'item,worker,label,time');
    const jsonl = '{"item":"a","lf":"k@2","label":"x"}\n{"item":"b","lf":"k@2","label":"y"}\n';
    const f = fakeIo({ 'w.csv': asWorker, 'v.jsonl': jsonl });
    expect(main(['lf', 'analyze', '--votes', 'w.csv', '--json'], f.io)).toBe(0);
    expect(JSON.parse(f.out()).totals.votes).toBe(7);
    const g = fakeIo({ 'v.jsonl': jsonl });
    expect(main(['lf', 'analyze', '--votes', 'v.jsonl', '--json'], g.io)).toBe(0);
    expect(JSON.parse(g.out()).lfs[0]).toMatchObject({ lf: 'k@2', polarity: ['x', 'y'] });
  });

  it.each([
    [['lf', 'analyze', '--gold', 'gold.csv', '--votes='], 'lf analyze needs --votes votes.csv'],
    [['lf', 'explain'], 'unknown lf command "explain"'],
    [
      ['lf', 'analyze', '--votes', 'nolf.csv'],
      'nolf.csv:2: missing column "lf" (the labeling function, id@version)',
    ],
    [
      ['lf', 'analyze', '--votes', 'twice.csv'],
      'twice.csv: item "a": k@1 voted twice with different labels (x, y)',
    ],
    [
      ['lf', 'analyze', '--votes', 'votes.csv', '--bucket', 'daily'],
      '--bucket must be a duration such as 12h, 1d or 1w, not "daily"',
    ],
    [
      ['lf', 'analyze', '--votes', 'empty-label.csv'],
      'empty-label.csv:2: k@1 has an empty "label" (an abstain is no row)',
    ],
  ])('%j exits 2: %s', (argv, message) => {
    const f = fakeIo({
      ...files,
      'nolf.csv': 'item,label\na,x\n',
      'twice.csv': 'item,lf,label\na,k@1,x\na,k@1,y\n',
      'empty-label.csv': 'item,lf,label\na,k@1,\n',
    });
    expect(main(argv, f.io)).toBe(2);
    expect(f.err()).toContain(`verity: ${message}`);
  });

  it('--help explains the command; verity help lists it', () => {
    const f = fakeIo({});
    expect(main(['lf', '--help'], f.io)).toBe(0);
    expect(f.out()).toMatch(/^usage: verity lf list PROJECT\n/);
    expect(f.out()).toContain('\n       verity lf analyze --votes votes.csv [--gold gold.csv]');
    const h = fakeIo({});
    expect(main(['help'], h.io)).toBe(0);
    expect(h.out()).toMatch(/\n {2}lf {10}lf analyze --votes: /);
    expect(h.out()).toMatch(/\n {2}lf {10}lf list \| apply -f lfs.yaml \| retire \| analyze PROJECT: /);
  });
});
