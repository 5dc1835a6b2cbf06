import * as fs from 'node:fs';
import * as path from 'node:path';
import { syntheticLfVotes } from '@verity/label-science';
import { type Io, main } from '../src';

const CROWD = path.resolve(__dirname, '../../..', 'data/crowd');

/** In-memory files plus captured output; real paths fall through to the shared data. */
function fakeIo(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const io: Io = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => {
      if (p in files) return files[p];
      return fs.readFileSync(p, 'utf8');
    },
    writeFile: (p, t) => (written[p] = t),
  };
  return { io, out: () => out.join(''), err: () => err.join(''), written };
}

const toy = path.join(CROWD, 'toy_ysda/answers.csv');

describe('verity aggregate', () => {
  it('writes item,label,confidence and the posterior per class', () => {
    const f = fakeIo();
    expect(main(['aggregate', '--method', 'mv', toy], f.io)).toBe(0);
    const lines = f.out().trim().split('\n');
    expect(lines[0]).toBe('item,label,confidence,p_no,p_yes');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['no', 'yes', 'no', 'yes', 'no']);
    expect(lines[1]).toBe('t1,no,0.5,0.5,0.5');
  });

  it.each(['mv', 'wmv', 'ds', 'onecoin', 'glad', 'mace', 'labelmodel', 'auto'])(
    'runs --method %s, with --out and --workers',
    (m) => {
      const f = fakeIo();
      expect(
        main(
          ['aggregate', '--method', m, '--out', 'labels.csv', '--workers', 'workers.csv', toy],
          f.io,
        ),
      ).toBe(0);
      expect(f.written['labels.csv'].split('\n')).toHaveLength(7);
      const workers = f.written['workers.csv'].trim().split('\n');
      expect(workers[0]).toBe('worker,reliability,answers');
      expect(workers).toHaveLength(6);
      expect(f.out()).toBe('');
    },
  );

  it('without --method uses the default (auto: DS or MACE by BIC)', () => {
    const byDefault = fakeIo();
    expect(main(['aggregate', toy], byDefault.io)).toBe(0);
    expect(byDefault.err()).toMatch(/^auto: \d+ iterations, converged/);
    const ds = fakeIo();
    expect(main(['aggregate', '--method', 'ds', toy], ds.io)).toBe(0);
    // toy_ysda: BIC keeps Dawid-Skene (the library test pins the choice), so the labels agree.
    const labels = (t: string) =>
      t
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1]);
    expect(labels(byDefault.out())).toEqual(labels(ds.out()));
  });

  describe('--method labelmodel (weak-supervision votes)', () => {
    // One-sided labeling functions: each votes one class only; an abstain is no row.
    const { answers, allTruth } = syntheticLfVotes({ items: 1500, lfs: 10, classes: 2, seed: 1 });
    let votes = 'item,worker,label\n';
    for (let n = 0; n < answers.nAnswers; n++) {
      votes += `${answers.itemNames[answers.itemIdx[n]]},${answers.workerNames[answers.workerIdx[n]]},c${answers.labelIdx[n]}\n`;
    }
    const items = 'item\n' + [...allTruth.keys()].join('\n') + '\n';
    const labelsOf = (csv: string) =>
      new Map(
        csv
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(','))
          .map((r) => [r[0], r] as [string, string[]]),
      );
    const accuracy = (rows: Map<string, string[]>) =>
      [...allTruth].filter(([item, t]) => rows.get(item)?.[1] === `c${t}`).length / allTruth.size;

    it('beats majority vote and gives items no LF voted on the class balance', () => {
      const lm = fakeIo({ 'votes.csv': votes, 'items.csv': items });
      expect(
        main(['aggregate', '--method', 'labelmodel', '--items', 'items.csv', 'votes.csv'], lm.io),
      ).toBe(0);
      const rows = labelsOf(lm.out());
      expect(rows.size).toBe(allTruth.size);
      const silent = [...allTruth.keys()].filter((i) => !answers.itemNames.includes(i));
      expect(silent.length).toBeGreaterThan(0);
      const balance = rows.get(silent[0])!.slice(3).map(Number);
      for (const i of silent) expect(rows.get(i)!.slice(3).map(Number)).toEqual(balance);
      expect(balance[0]).toBeGreaterThan(balance[1]); // class 0 is the more frequent one

      const mv = fakeIo({ 'votes.csv': votes });
      expect(main(['aggregate', '--method', 'mv', 'votes.csv'], mv.io)).toBe(0);
      const mvRows = labelsOf(mv.out());
      for (const i of silent) mvRows.set(i, [i, 'c0']); // majority vote has nothing: majority class
      expect(accuracy(rows)).toBeGreaterThan(accuracy(mvRows) + 0.01);
    });

    it('refuses --items with another method', () => {
      const f = fakeIo({ 'votes.csv': votes, 'items.csv': items });
      expect(main(['aggregate', '--method', 'ds', '--items', 'items.csv', 'votes.csv'], f.io)).toBe(
        2,
      );
      expect(f.err()).toContain('--items is for --method labelmodel');
    });
  });

  it('uses gold labels and reads JSONL', () => {
    const rows = [
      { item: 'a', worker: 'w1', label: 'x' },
      { item: 'a', worker: 'w2', label: 'y' },
      { item: 'b', worker: 'w1', label: 'y' },
      { item: 'b', worker: 'w2', label: 'y' },
    ];
    const f = fakeIo({
      'a.jsonl': rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
      'gold.csv': 'item,label\na,y\n',
    });
    expect(main(['aggregate', '--method', 'ds', '--gold', 'gold.csv', 'a.jsonl'], f.io)).toBe(0);
    expect(f.out()).toContain('a,y,1,0,1');
  });

  it('accepts a gold class no worker used', () => {
    const f = fakeIo({
      'a.csv': 'item,worker,label\na,w1,x\nb,w1,y\n',
      'g.csv': 'item,label\nc,z\n',
    });
    expect(main(['aggregate', '--method', 'mv', '--gold', 'g.csv', 'a.csv'], f.io)).toBe(0);
    expect(f.out().split('\n')[0]).toBe('item,label,confidence,p_x,p_y,p_z');
  });

  it.each([
    [
      'answers.csv',
      'item,label\na,x\n',
      'answers.csv: missing column "worker" (found: item,label)',
    ],
    ['answers.csv', '', 'answers.csv: empty file'],
    ['answers.csv', 'item,worker,label\n', 'answers.csv: no rows after the header'],
    [
      'answers.csv',
      'item,worker,label\na,w1,x\nb,w2\n',
      'answers.csv:3: expected 3 fields, found 2',
    ],
    [
      'answers.csv',
      'item,worker,label\na,w1,x\nb,w2,\n',
      'answers.csv:3: worker "w2" gave no answer (empty "label")',
    ],
    ['answers.csv', 'item,worker,label\na,,x\n', 'answers.csv:2: empty "worker"'],
    [
      'answers.csv',
      'item,worker,label\na,w1,x\nb,w2,x\n',
      'answers.csv: only one class ("x") in 2 answers',
    ],
    [
      'answers.jsonl',
      '{"item":"a","label":"x"}\n',
      'answers.jsonl:1: missing field "worker" (found: item,label)',
    ],
    ['answers.jsonl', '{"item":"a",\n', 'answers.jsonl:1: not valid JSON'],
  ])('%s %j fails with exit code 2 and a clear message', (name, content, message) => {
    const f = fakeIo({ [name]: content });
    expect(main(['aggregate', name], f.io)).toBe(2);
    expect(f.err()).toContain(message);
    expect(f.out()).toBe('');
  });

  it('rejects bad usage with exit code 2', () => {
    const cases: string[][] = [
      ['aggregate', '--method', 'magic', toy],
      ['aggregate'],
      ['aggregate', '--bogus', toy],
      ['aggregate', '--max-iter', '-3', toy],
      ['aggregate', 'missing-file.csv'],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const f = fakeIo();
      expect(main(args, f.io)).toBe(2);
      expect(f.err()).toMatch(/^verity: /);
    }
    const missing = fakeIo();
    main(['aggregate', 'missing-file.csv'], missing.io);
    expect(missing.err()).toContain('missing-file.csv: cannot read file (ENOENT)');
  });

  it('prints help', () => {
    const f = fakeIo();
    expect(main(['aggregate', '--help'], f.io)).toBe(0);
    expect(f.out()).toContain('--method auto|mv|wmv|ds|onecoin|glad|mace|labelmodel');
    expect(main(['--help'], f.io)).toBe(0);
  });
});

describe('verity agreement', () => {
  it('prints every measure', () => {
    const f = fakeIo();
    expect(main(['agreement', path.join(CROWD, 'dawid_skene_1979/answers.csv')], f.io)).toBe(0);
    const measures = f
      .out()
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(measures).toEqual([
      'pairwise_agreement',
      'percent_agreement',
      'light_kappa',
      'fleiss_kappa',
      'krippendorff_alpha_nominal',
      'krippendorff_alpha_ordinal',
      'krippendorff_alpha_interval',
    ]);
  });

  it('reports undefined measures with their reason, and Cohen for two workers', () => {
    const f = fakeIo({ 'a.csv': 'item,worker,label\na,w1,yes\na,w2,yes\nb,w1,yes\nb,w2,yes\n' });
    expect(main(['agreement', 'a.csv'], f.io)).toBe(0);
    expect(f.out()).toContain(
      'cohen_kappa,undefined,only one class present: chance agreement is 1',
    );
    // CSV quoting: the reason contains quotes.
    expect(f.out()).toContain(
      'krippendorff_alpha_interval,undefined,"interval alpha needs a numeric value for class ""yes"""',
    );
    expect(f.out()).toContain('pairwise_agreement,1,');
  });
});
