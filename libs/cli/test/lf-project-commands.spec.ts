import { EXIT, type Io } from '../src';
import { planApply, readLfDefinitions, type StoredLf } from '../src/lf-definitions';
import { type Call, harness, tempFile } from './fake-gateway';

// `verity lf list | apply | retire | analyze PROJECT`: a project's labeling functions through a
// scripted gateway; the file's parsing and the apply plan on their own.

const env = { VERITY_TOKEN: 'tok' };
const base = '/v1/projects/p-1/prelabel/labeling-functions';

const fileIo = (files: Record<string, string>): Io => ({
  stdout: () => undefined,
  stderr: () => undefined,
  readFile: (p) => {
    if (p in files) return files[p];
    throw Object.assign(new Error('not found'), { code: 'ENOENT' });
  },
  writeFile: () => undefined,
});

const LFS_YAML = `labelingFunctions:
  - id: kw
    question_id: spam
    kind: keywords
    keywords: [subscribe, free money]
    votes: spam
  - id: rx
    question_id: spam
    kind: regex
    pattern: "https?://"
    votes: spam
  - id: short
    question_id: spam
    kind: length
    unit: words
    max: 3
    votes: ham
`;

/** What the gateway lists: kw as in the file (its keys in another order), rx with an older pattern. */
const stored = (
  over: Partial<StoredLf> & { id: string },
  definition: Record<string, unknown>,
): StoredLf => ({
  version: 1,
  owner: 'u-1',
  createdAt: '2026-12-01T00:00:00.000Z',
  retiredAt: null,
  versions: 1,
  votesAutomatically: true,
  kind: String(definition.kind),
  question_id: 'spam',
  ...definition,
  ...over,
});
const KW = stored(
  { id: 'kw' },
  { votes: 'spam', keywords: ['subscribe', 'free money'], kind: 'keywords', question_id: 'spam' },
);
const RX = stored(
  { id: 'rx', version: 2, versions: 2 },
  { kind: 'regex', pattern: 'http://', votes: 'spam' },
);

describe('the lf apply file', () => {
  it('reads a YAML list under labelingFunctions, a top-level list, and JSON', () => {
    const json = JSON.stringify([
      { id: 'a', question_id: 'q', kind: 'keywords', keywords: ['x'], votes: 'y' },
    ]);
    const io = fileIo({
      'lfs.yaml': LFS_YAML,
      'list.yaml': '- id: a\n  question_id: q\n  kind: regex\n  pattern: x\n  votes: y\n',
      'lfs.json': json,
    });
    const lfs = readLfDefinitions(io, 'lfs.yaml');
    expect(lfs.map((l) => [l.id, l.at])).toEqual([
      ['kw', 'lfs.yaml:2'],
      ['rx', 'lfs.yaml:7'],
      ['short', 'lfs.yaml:12'],
    ]);
    expect(lfs[0].definition).toEqual({
      id: 'kw',
      question_id: 'spam',
      kind: 'keywords',
      keywords: ['subscribe', 'free money'],
      votes: 'spam',
    });
    expect(readLfDefinitions(io, 'list.yaml')[0]).toMatchObject({
      id: 'a',
      at: 'list.yaml:1',
      definition: { kind: 'regex', pattern: 'x' },
    });
    expect(readLfDefinitions(io, 'lfs.json')[0]).toMatchObject({
      id: 'a',
      at: 'lfs.json:1',
      definition: { keywords: ['x'] },
    });
  });

  it.each([
    ['- question_id: q\n  kind: regex\n', 'f.yaml:1: labeling function 1 has no "id"'],
    [
      '- id: a b\n  question_id: q\n  kind: regex\n',
      'f.yaml:1: "id" must be 1–128 letters, digits or _.:- (not . or .., no @), not "a b"',
    ],
    ['- id: a@2\n  question_id: q\n  kind: regex\n', 'not "a@2"'],
    ['- id: a\n  kind: regex\n', 'f.yaml:1: a has no "question_id"'],
    ['- id: a\n  question_id: q\n', 'f.yaml:1: a has no "kind"'],
    [
      '- id: a\n  question_id: q\n  kind: regex\n- id: a\n  question_id: q\n  kind: keywords\n',
      'f.yaml:4: id "a" is defined twice (first at f.yaml:1)',
    ],
    ['- just a string\n', 'f.yaml:1: labeling function 1 must be a mapping'],
    [
      'id: a\nkind: regex\n',
      'f.yaml:1: unexpected key "id" (the file is a list of labeling functions, or labelingFunctions: [ … ])',
    ],
    ['labelingFunctions: 3\n', 'f.yaml: expected a list of labeling functions'],
    ['- id: a\n  kind: [regex\n', 'f.yaml:3:1: '],
    ['- id: a\n  id: b\n', 'f.yaml:2:3: Map keys must be unique'],
  ])('refuses %j: %s', (text, message) => {
    expect(() => readLfDefinitions(fileIo({ 'f.yaml': text }), 'f.yaml')).toThrow(message);
  });

  it('plans: create what is missing, PUT what changed or is retired, leave equal ones alone', () => {
    const lfs = readLfDefinitions(fileIo({ 'lfs.yaml': LFS_YAML }), 'lfs.yaml');
    expect(planApply(lfs, [KW, RX]).map((a) => `${a.action} ${a.lf.id}`)).toEqual([
      'unchanged kw',
      'update rx',
      'create short',
    ]);
    const retired = { ...KW, retiredAt: '2026-12-02T00:00:00.000Z' };
    expect(planApply(lfs, [retired])[0].action).toBe('update');
    const changedKeywords = { ...KW, keywords: ['subscribe'] };
    expect(planApply(lfs, [changedKeywords])[0].action).toBe('update');
  });
});

describe('verity lf apply', () => {
  const saved = (c: Call, version: number, created = true) => ({
    ...JSON.parse(c.body!),
    version,
    owner: 'u-1',
    created,
    checkedAgainst: 'ontology',
    votesAutomatically: true,
    backfill: { items: 40, votes: 7, failures: [] },
  });

  it('lists, then creates the new LF and PUTs the changed one; the equal one is not sent', async () => {
    const h = harness((c) => {
      if (c.method === 'GET')
        return { status: 200, body: { projectId: 'p-1', labelingFunctions: [KW, RX] } };
      if (c.method === 'PUT') return { status: 200, body: saved(c, 3) };
      return { status: 201, body: saved(c, 1) };
    }, env);
    const file = tempFile('lfs.yaml', LFS_YAML);
    expect(await h.run('lf', 'apply', 'p-1', '-f', file)).toBe(EXIT.ok);
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET ${base}`,
      `PUT ${base}/rx`,
      `POST ${base}`,
    ]);
    expect(h.calls[1]).toMatchObject({
      authorization: 'Bearer tok',
      contentType: 'application/json',
    });
    expect(JSON.parse(h.calls[1].body!)).toEqual({
      id: 'rx',
      question_id: 'spam',
      kind: 'regex',
      pattern: 'https?://',
      votes: 'spam',
    });
    expect(JSON.parse(h.calls[2].body!)).toEqual({
      id: 'short',
      question_id: 'spam',
      kind: 'length',
      unit: 'words',
      max: 3,
      votes: 'ham',
    });
    expect(h.stdout()).toBe(
      [
        'unchanged  kw@1',
        'updated    rx@3  (ran on 40 items: 7 votes)',
        'created    short@1  (ran on 40 items: 7 votes)',
        `${file}: 1 created, 1 updated, 1 unchanged, 0 refused`,
        '',
      ].join('\n'),
    );
  });

  it('reports an unchanged PUT as unchanged, and --json prints every outcome', async () => {
    const h = harness(
      (c) =>
        c.method === 'GET'
          ? { status: 200, body: { labelingFunctions: [RX] } }
          : { status: 200, body: { ...saved(c, 2, false), backfill: null } },
      env,
    );
    const file = tempFile(
      'rx.json',
      JSON.stringify([
        {
          id: 'rx',
          question_id: 'spam',
          kind: 'regex',
          pattern: 'http://',
          votes: 'spam',
          flags: 'i',
        },
      ]),
    );
    expect(await h.run('lf', 'apply', 'p-1', '-f', file, '--json')).toBe(EXIT.ok);
    expect(JSON.parse(h.stdout())).toEqual({
      projectId: 'p-1',
      file,
      results: [
        {
          id: 'rx',
          action: 'unchanged',
          version: 2,
          checkedAgainst: 'ontology',
          votesAutomatically: true,
          backfill: null,
        },
      ],
    });
  });

  it('prints the API field errors naming the LF and its line, saves the others, exit 5', async () => {
    const h = harness((c) => {
      if (c.method === 'GET') return { status: 200, body: { labelingFunctions: [] } };
      if (JSON.parse(c.body!).id === 'rx') {
        return {
          status: 400,
          body: {
            statusCode: 400,
            message: 'invalid request body',
            errors: [{ field: 'pattern', reason: 'prone to catastrophic backtracking' }],
          },
        };
      }
      return { status: 201, body: { ...saved(c, 1), checkedAgainst: 'unchecked', backfill: null } };
    }, env);
    expect(await h.run('lf', 'apply', 'p-1', '-f', tempFile('lfs.yaml', LFS_YAML))).toBe(
      EXIT.invalid,
    );
    expect(h.calls.map((c) => c.method)).toEqual(['GET', 'POST', 'POST', 'POST']);
    expect(h.stdout()).toBe(
      'created    kw@1  (question and option unchecked: the project has no ontology or task of the question yet)\ncreated    short@1  (question and option unchecked: the project has no ontology or task of the question yet)\n',
    );
    expect(h.stderr()).toMatch(
      /^verity lf: \/.*\/lfs\.yaml:7: rx refused: 400 invalid request body\n {2}pattern: prone to catastrophic backtracking\n.*lfs\.yaml: 2 created, 0 updated, 0 unchanged, 1 refused\n$/,
    );
  });

  it('checks the file before sending anything (exit 2), and needs a token (exit 4)', async () => {
    const h = harness(() => new Error('no call expected'), env);
    expect(await h.run('lf', 'apply', 'p-1', '-f', tempFile('bad.yaml', '- id: a\n'))).toBe(
      EXIT.usage,
    );
    expect(h.stderr()).toMatch(/bad\.yaml:1: a has no "kind"\n$/);
    expect(await h.run('lf', 'apply', 'p-1')).toBe(EXIT.usage);
    expect(h.stderr()).toContain('verity lf: lf apply needs -f lfs.yaml');
    const none = harness(() => new Error('no call expected'));
    expect(await none.run('lf', 'apply', 'p-1', '-f', tempFile('lfs.yaml', LFS_YAML))).toBe(
      EXIT.auth,
    );
    expect([h.calls, none.calls]).toEqual([[], []]);
  });

  it('stops at a refused listing: 401 exit 4, unknown project exit 6', async () => {
    const h = harness(() => ({ status: 401, body: { message: 'Unauthorized' } }), env);
    expect(await h.run('lf', 'apply', 'p-1', '-f', tempFile('lfs.yaml', LFS_YAML))).toBe(EXIT.auth);
    expect(h.stderr()).toBe(
      'verity lf: listing the labeling functions: 401 Unauthorized (check $VERITY_TOKEN)\n',
    );
    const g = harness(() => ({ status: 404, body: { message: 'project not found' } }), env);
    expect(await g.run('lf', 'apply', 'nope', '-f', tempFile('lfs.yaml', LFS_YAML))).toBe(
      EXIT.notFound,
    );
    expect(g.calls).toHaveLength(1);
  });
});

describe('verity lf list | retire | analyze PROJECT', () => {
  it('lists the latest version of each LF', async () => {
    const llm = stored(
      { id: 'ask', votesAutomatically: false },
      { kind: 'llm', prompt: 'Spam? {{text}}', mapping: { yes: 'spam', no: 'ham', y: 'spam' } },
    );
    const gone = { ...KW, id: 'old', retiredAt: '2026-12-02T10:00:00.000Z' };
    const h = harness(
      () => ({ status: 200, body: { projectId: 'p-1', labelingFunctions: [KW, RX, llm, gone] } }),
      env,
    );
    expect(await h.run('lf', 'list', 'p-1')).toBe(EXIT.ok);
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${base}`]);
    expect(h.stdout()).toBe(
      [
        'id   version  kind      question  votes     state',
        'kw   1        keywords  spam      spam      active',
        'rx   2        regex     spam      spam      active',
        'ask  1        llm       spam      ham|spam  active (stored; no LLM endpoint to vote with)',
        'old  1        keywords  spam      spam      retired 2026-12-02T10:00:00.000Z',
        '',
      ].join('\n'),
    );
    const json = harness(
      () => ({ status: 200, body: { projectId: 'p-1', labelingFunctions: [KW] } }),
      env,
    );
    expect(await json.run('lf', 'list', 'p-1', '--json')).toBe(EXIT.ok);
    expect(JSON.parse(json.stdout())).toEqual({ projectId: 'p-1', labelingFunctions: [KW] });
    const empty = harness(
      () => ({ status: 200, body: { projectId: 'p-1', labelingFunctions: [] } }),
      env,
    );
    expect(await empty.run('lf', 'list', 'p-1')).toBe(EXIT.ok);
    expect(empty.stdout()).toBe('no labeling functions\n');
  });

  it('retires an LF; an unknown one is exit 6', async () => {
    const h = harness(
      () => ({
        status: 200,
        body: { projectId: 'p-1', id: 'kw', retiredVersions: 2, alreadyRetired: false },
      }),
      env,
    );
    expect(await h.run('lf', 'retire', 'p-1', 'kw')).toBe(EXIT.ok);
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`DELETE ${base}/kw`]);
    expect(h.stdout()).toBe('retired labeling function kw (2 versions; its votes stay)\n');
    const again = harness(
      () => ({
        status: 200,
        body: { projectId: 'p-1', id: 'kw', retiredVersions: 0, alreadyRetired: true },
      }),
      env,
    );
    expect(await again.run('lf', 'retire', 'p-1', 'kw')).toBe(EXIT.ok);
    expect(again.stdout()).toBe('labeling function kw was already retired\n');
    const missing = harness(
      () => ({ status: 404, body: { message: 'labeling function nope not found' } }),
      env,
    );
    expect(await missing.run('lf', 'retire', 'p-1', 'nope')).toBe(EXIT.notFound);
    expect(missing.stderr()).toBe(
      'verity lf: retiring nope: 404 labeling function nope not found\n',
    );
  });

  const analysis = {
    projectId: 'p-1',
    questions: [
      {
        questionId: 'spam',
        lfs: [
          {
            lf: 'kw@1',
            id: 'kw',
            version: 1,
            votes: 3,
            coverage: 0.6,
            overlap: 0.6,
            conflict: 0.2,
            polarity: ['spam'],
            accuracy: {
              defined: true,
              value: { estimate: 1 / 3, low: 0.0614, high: 0.7923, successes: 1, trials: 3 },
            },
            latest: false,
            retired: false,
          },
          {
            lf: 'kw@2',
            id: 'kw',
            version: 2,
            votes: 2,
            coverage: 0.4,
            overlap: 0.4,
            conflict: 0.2,
            polarity: ['ham', 'spam'],
            accuracy: { defined: false, reason: 'no trials' },
            latest: true,
            retired: false,
          },
          {
            lf: 'rx@1',
            id: 'rx',
            version: 1,
            votes: 1,
            coverage: 0.2,
            overlap: 0,
            conflict: 0,
            polarity: ['spam'],
            accuracy: { defined: false, reason: 'no trials' },
            latest: true,
            retired: true,
          },
        ],
        totals: {
          items: 5,
          lfs: 1,
          votes: 2,
          coverage: 0.4,
          overlap: 0,
          conflict: 0,
          goldItems: 3,
        },
        labelModel: {
          version: 3,
          trainedAt: '2026-12-06T01:00:00.000Z',
          lfs: ['kw@2'],
          current: true,
          classBalance: { ham: 0.4, spam: 0.6 },
          threshold: 0.8125,
          targetPrecision: 0.95,
          calibrationPairs: 40,
          weakLabels: 2,
          coverage: 0.4,
          aboveThreshold: 1,
          accuracy: { defined: true, value: { estimate: 0.5, low: 0.0945, high: 0.9055, successes: 1, trials: 2 } },
        },
      },
    ],
  };

  it('analyze prints the API analysis as the file mode does, versions out of the active set marked', async () => {
    const h = harness(() => ({ status: 200, body: analysis }), env);
    expect(await h.run('lf', 'analyze', 'p-1', '--question', 'spam')).toBe(EXIT.ok);
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET ${base}/analysis?questionId=spam`,
    ]);
    expect(h.stdout()).toBe(
      [
        'question spam (accuracy against its decided labels)',
        'lf                 polarity  votes  coverage  overlap  conflict  accuracy    95% interval  gold n',
        'kw@1 (superseded)  spam          3     0.600    0.600     0.200     0.333  [0.061, 0.792]       3',
        'kw@2               ham|spam      2     0.400    0.400     0.200         -               -       0',
        'rx@1 (retired)     spam          1     0.200    0.000     0.000         -               -       0',
        '(all)                            2     0.400    0.000     0.000                                 3',
        '5 items, 1 labeling functions',
        'label model v3 (fitted on the 1 active LFs): weak labels on 2 items (0.400), right 0.500 [0.095, 0.905] of 2 decided',
        'auto-accepts from calibrated confidence 0.813 (target precision 0.950, set on 40 labeled items): 1 weak labels clear it',
        '',
      ].join('\n'),
    );
    const json = harness(() => ({ status: 200, body: analysis }), env);
    expect(await json.run('lf', 'analyze', 'p-1', '--json')).toBe(EXIT.ok);
    expect(json.calls[0].path).toBe(`${base}/analysis`);
    expect(JSON.parse(json.stdout())).toEqual(analysis);
    const none = harness(() => ({ status: 200, body: { projectId: 'p-1', questions: [] } }), env);
    expect(await none.run('lf', 'analyze', 'p-1', '--question', 'q 1')).toBe(EXIT.ok);
    expect(none.calls[0].path).toBe(`${base}/analysis?questionId=q%201`);
    expect(none.stdout()).toBe('no labeling functions or votes for question q 1\n');
  });

  it.each([
    [
      ['lf', 'analyze'],
      'lf analyze needs a project id (PROJECT [--question Q]), or --votes votes.csv for files',
    ],
    [
      ['lf', 'analyze', 'p-1', '--gold', 'g.csv'],
      '--gold applies to files (lf analyze --votes votes.csv), not to a project',
    ],
    [['lf', 'list'], 'lf list PROJECT: needs a project id'],
    [['lf', 'list', 'p-1', 'extra'], 'unexpected argument "extra" (lf list PROJECT)'],
    [['lf', 'retire', 'p-1'], 'lf retire needs the LF id: lf retire PROJECT LF_ID'],
    [['lf', 'retire', 'p-1', '../x'], '"../x" is not an LF id'],
    [['lf', 'list', 'p-1', '--question', 'q'], '--question does not apply to "lf list"'],
    [['lf', 'retire', 'p-1', 'kw', '-f', 'x.yaml'], '-f/--file does not apply to "lf retire"'],
  ])('%j exits 2 without a call: %s', async (argv, message) => {
    const h = harness(() => new Error('no call expected'), env);
    expect(await h.run(...argv)).toBe(EXIT.usage);
    expect(h.stderr()).toContain(`verity lf: ${message}`);
    expect(h.calls).toEqual([]);
  });

  it('an unreachable gateway is exit 3', async () => {
    const h = harness(
      () => Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
      env,
    );
    expect(await h.run('lf', 'list', 'p-1')).toBe(EXIT.unreachable);
    expect(h.stderr()).toContain('gateway unreachable at http://127.0.0.1:8080: ECONNREFUSED');
  });
});
