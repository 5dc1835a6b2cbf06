import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  AnswerSource,
  ContentType,
  createEvent,
  LabelStatus,
  newEnvelope,
  QuestionKind,
  TaskOrigin,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { EXIT, type Io, main } from '../src';

// `verity lf list | apply | retire | analyze PROJECT` against the real platform: the gateway and
// prelabel started as processes on the local stack. A project with an ontology is set up with the
// CLI, and prelabel is given four texts (tasks.v1) and three decided labels (labels.v1) as
// decomposition and export would publish them; LFs are applied from a YAML file (the API's field errors printed, the rest saved; applying
// again changes nothing; a change is a new version), listed, analysed and retired.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(
  path.resolve(__dirname, '../../../scripts/services.cjs'),
);

const run = uniqueName('cli-lf');

describe('verity lf against a project (real processes, real stack)', () => {
  const env = stackEnv();
  let services: { name: string; url: string }[] = [];
  let gateway: string;
  let db: Client;
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-cli-lf-int-'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-cli-lf-work-'));

  beforeAll(async () => {
    if (Number(process.versions.node.split('.')[0]) !== 22) {
      throw new Error(
        `run this test on Node 22 (PATH=node_modules/.bin:$PATH), not ${process.version}`,
      );
    }
    services = startServices({
      names: ['gateway', 'prelabel'],
      basePort: 21500,
      logSuffix: '.cli-lf',
      env: {
        UPSTREAM_TIMEOUT_MS: '60000',
        LLM_BASE_URL: '',
        PRELABEL_LOCAL_MIN_LABELS: '100000',
        PRELABEL_AL_INTERVAL_MS: '0',
      },
    });
    await waitReady(services, 240000);
    gateway = services.find((s) => s.name === 'gateway')!.url;
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  }, 300000);

  afterAll(async () => {
    await db?.end();
    await stopServices(services);
    fs.rmSync(configDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }, 60000);

  const verity = async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      stdout: (t) => void out.push(t),
      stderr: (t) => void err.push(t),
      readFile: (p) => fs.readFileSync(p, 'utf8'),
      writeFile: (p, t) => fs.writeFileSync(p, t),
      env: { VERITY_CONFIG_DIR: configDir, VERITY_URL: gateway, ...extraEnv },
      isTTY: false,
    };
    const code = await main(argv, io);
    return { code, out: out.join(''), err: err.join('') };
  };
  const file = (name: string, text: string) => {
    const p = path.join(work, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it('applies, lists, analyses and retires a project’s labeling functions', async () => {
    expect(
      (
        await verity(['login', '--email', process.env.BOOTSTRAP_ADMIN_EMAIL!], {
          VERITY_PASSWORD: process.env.BOOTSTRAP_ADMIN_PASSWORD!,
        })
      ).code,
    ).toBe(EXIT.ok);
    const created = await verity([
      'project',
      'create',
      '--json',
      '-f',
      file('project.yaml', `name: LF ${run}\ncontentTypes: [text]\n`),
    ]);
    expect(created.code).toBe(EXIT.ok);
    const projectId = (JSON.parse(created.out) as { id: string }).id;
    const ontology = `questions:\n  - id: spam\n    type: single_choice\n    prompt: Is it spam?\n    options: [{id: spam, label: Spam}, {id: ham, label: Ham}]\n`;
    expect(
      (
        await verity([
          'ontology',
          'publish',
          '--project',
          projectId,
          '-f',
          file('ontology.yaml', ontology),
        ])
      ).code,
    ).toBe(EXIT.ok);
    await eventually(
      'prelabel holds the project’s ontology',
      async () =>
        (
          await db.query(
            `SELECT 1 FROM prelabel.projects WHERE project_id = $1 AND ontology IS NOT NULL`,
            [projectId],
          )
        ).rowCount
          ? true
          : undefined,
      120000,
      500,
    );
    // The texts held (t3 without a decided label): the LFs run over them when saved.
    const texts: [string, string, string | null][] = [
      ['t0', 'please subscribe to my channel', 'spam'],
      ['t1', 'free money at https://x.example', 'spam'],
      ['t2', 'Great song, love it', 'ham'],
      ['t3', 'nice', null],
    ];
    const question = {
      questionId: 'spam',
      kind: QuestionKind.SINGLE_CHOICE,
      prompt: 'Is it spam?',
      options: [
        { optionId: 'spam', label: 'Spam' },
        { optionId: 'ham', label: 'Ham' },
      ],
    };
    const producer = new EventProducer(
      createKafka({ brokers: env.brokers, clientId: run }),
      protobufCodec,
      'cli-lf-test',
    );
    await producer.connect();
    try {
      for (const [name, text] of texts) {
        await producer.publish(
          TOPICS.tasks,
          createEvent(TOPICS.tasks, {
            envelope: newEnvelope({ producer: 'decomposition', projectId, spec: TOPICS.tasks }),
            task: {
              taskId: uuidv7(),
              itemId: `${run}-${name}`,
              projectId,
              questionId: 'spam',
              ontologyVersion: 1,
              question,
              contentType: ContentType.TEXT,
              answersRequired: 1,
              priority: 0,
              origin: TaskOrigin.NEW_ITEM,
              maskedText: text,
            },
          } as never),
        );
      }
      for (const [name, , label] of texts) {
        if (!label) continue;
        await producer.publish(
          TOPICS.labels,
          createEvent(TOPICS.labels, {
            envelope: newEnvelope({ producer: 'export', projectId, spec: TOPICS.labels }),
            itemId: `${run}-${name}`,
            questionId: 'spam',
            ontologyVersion: 1,
            labelVersion: 1,
            status: LabelStatus.ACTIVE,
            label,
            answer: { value: { case: 'choice', value: { optionIds: [label] } } },
            confidence: 1,
            provenance: { answers: [{ annotatorId: 'alice', source: AnswerSource.HUMAN }] },
          } as never),
        );
      }
    } finally {
      await producer.disconnect();
    }
    await eventually(
      'prelabel holds the texts and labels',
      async () => {
        const t = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM prelabel.tasks WHERE project_id = $1`,
          [projectId],
        );
        const l = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM prelabel.labels WHERE project_id = $1`,
          [projectId],
        );
        return t.rows[0].n === 4 && l.rows[0].n === 3 ? true : undefined;
      },
      120000,
      500,
    );

    const lf = (id: string, fields: string) => `  - id: ${id}\n    question_id: spam\n${fields}`;
    const kw = lf(
      'kw',
      '    kind: keywords\n    keywords: [subscribe, free money]\n    votes: spam\n',
    );
    const badRx = lf('rx', '    kind: regex\n    pattern: "(a+)+$"\n    votes: spam\n');
    const rx = lf(
      'rx',
      '    kind: regex\n    pattern: "https?://"\n    flags: i\n    votes: spam\n',
    );
    const wrongOption = lf(
      'len',
      '    kind: length\n    unit: words\n    max: 2\n    votes: eggs\n',
    );

    // The API refuses two LFs, naming their lines and fields; the valid one is saved; exit 5.
    const first = await verity([
      'lf',
      'apply',
      projectId,
      '-f',
      file('lfs.yaml', `labelingFunctions:\n${kw}${badRx}${wrongOption}`),
    ]);
    expect(first.code).toBe(EXIT.invalid);
    expect(first.out).toBe('created    kw@1  (ran on 4 items: 2 votes)\n');
    expect(first.err).toMatch(/lfs\.yaml:7: rx refused: 400 [^\n]*\n {2}pattern: [^\n]+\n/);
    expect(first.err).toMatch(/lfs\.yaml:12: len refused: 400 [^\n]*\n {2}votes: [^\n]+\n/);
    expect(first.err).toMatch(/lfs\.yaml: 1 created, 0 updated, 0 unchanged, 2 refused\n$/);

    // Fixed: the missing one is created, kw left alone; again: nothing changes.
    const lfsFile = file('lfs.yaml', `labelingFunctions:\n${kw}${rx}`);
    const second = await verity(['lf', 'apply', projectId, '-f', lfsFile]);
    expect(second).toMatchObject({
      code: EXIT.ok,
      out: `unchanged  kw@1\ncreated    rx@1  (ran on 4 items: 1 vote)\n${lfsFile}: 1 created, 0 updated, 1 unchanged, 0 refused\n`,
    });
    const again = await verity(['lf', 'apply', projectId, '-f', lfsFile, '--json']);
    expect(again.code).toBe(EXIT.ok);
    expect(
      (
        JSON.parse(again.out) as { results: { id: string; action: string; version: number }[] }
      ).results.map((r) => `${r.action} ${r.id}@${r.version}`),
    ).toEqual(['unchanged kw@1', 'unchanged rx@1']);

    // A changed definition is the next version, JSON read as well as YAML.
    const changed = JSON.stringify([
      { id: 'kw', question_id: 'spam', kind: 'keywords', keywords: ['subscribe'], votes: 'spam' },
    ]);
    const third = await verity(['lf', 'apply', projectId, '-f', file('kw.json', changed)]);
    expect(third).toMatchObject({ code: EXIT.ok });
    expect(third.out).toMatch(/^updated {4}kw@2 /);
    const versions = await db.query(
      `SELECT lf_id, version FROM prelabel.labeling_functions WHERE project_id = $1 ORDER BY lf_id, version`,
      [projectId],
    );
    expect(versions.rows).toEqual([
      { lf_id: 'kw', version: 1 },
      { lf_id: 'kw', version: 2 },
      { lf_id: 'rx', version: 1 },
    ]);

    const list = await verity(['lf', 'list', projectId]);
    expect(list.code).toBe(EXIT.ok);
    expect(list.out).toMatch(/^id +version +kind +question +votes +state\n/);
    expect(list.out).toMatch(/\nkw +2 +keywords +spam +spam +active\n/);
    expect(list.out).toMatch(/\nrx +1 +regex +spam +spam +active\n/);

    // The API's analysis, printed as the file mode prints it, or as JSON. kw@2 (subscribe) voted
    // on t0, kw@1 also on t1, rx on t1: every vote matches its decided label.
    const analysis = await verity(['lf', 'analyze', projectId, '--question', 'spam']);
    expect(analysis.code).toBe(EXIT.ok);
    const [table, labelModel] = analysis.out.split(/(?=^label model )/m);
    expect(table).toBe(
      [
        'question spam (accuracy against its decided labels)',
        'lf                 polarity  votes  coverage  overlap  conflict  accuracy    95% interval  gold n',
        'kw@1 (superseded)  spam          2     0.500    0.250     0.000     1.000  [0.342, 1.000]       2',
        'kw@2               spam          1     0.250    0.000     0.000     1.000  [0.207, 1.000]       1',
        'rx@1               spam          1     0.250    0.000     0.000     1.000  [0.207, 1.000]       1',
        '(all)                            2     0.500    0.000     0.000                                 3',
        '4 items, 2 labeling functions',
        '',
      ].join('\n'),
    );
    // The label model over the active kw@2 and rx@1 (its version counts the refits so far):
    // weak labels on the two items they voted on, both equal to the decided label.
    expect(labelModel).toMatch(
      /^label model v\d+ \(fitted on the 2 active LFs\): weak labels on 2 items \(0\.500\), right 1\.000 \[0\.342, 1\.000\] of 2 decided\nno target precision: weak labels are drafts for people\n$/,
    );
    const json = await verity(['lf', 'analyze', projectId, '--question', 'spam', '--json']);
    const parsed = JSON.parse(json.out) as {
      projectId: string;
      questions: { questionId: string; lfs: { lf: string }[] }[];
    };
    expect(parsed.projectId).toBe(projectId);
    expect(parsed.questions.map((q) => q.questionId)).toEqual(['spam']);
    expect(parsed.questions[0].lfs.map((s) => s.lf).sort()).toEqual(['kw@1', 'kw@2', 'rx@1']);

    // Retire: the LF stays listed, retired; an unknown LF or project is exit 6.
    expect(await verity(['lf', 'retire', projectId, 'rx'])).toMatchObject({
      code: EXIT.ok,
      out: 'retired labeling function rx (1 version; its votes stay)\n',
    });
    expect((await verity(['lf', 'list', projectId])).out).toMatch(
      /\nrx +1 +regex +spam +spam +retired \d{4}-/,
    );
    expect((await verity(['lf', 'retire', projectId, 'nope'])).code).toBe(EXIT.notFound);
    expect((await verity(['lf', 'list', '00000000-0000-7000-8000-000000000000'])).code).toBe(
      EXIT.notFound,
    );
    // Applying the file again brings rx back as a new version.
    expect((await verity(['lf', 'apply', projectId, '-f', lfsFile])).out).toContain(
      '\nupdated    rx@2 ',
    );
    // No token: exit 4, nothing sent.
    expect(
      (await verity(['lf', 'list', projectId], { VERITY_CONFIG_DIR: path.join(work, 'empty') }))
        .code,
    ).toBe(EXIT.auth);
  }, 600000);
});
