import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { createEvent, newEnvelope, TOPICS, uuidv7 } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { EXIT, type Io, main } from '../src';

// The everyday `verity` commands against the real platform (gateway, ingestion and export started
// as processes on the local stack): login, project create, ontology publish, push (resumed and
// idempotent), status, labels tail (labels.v1 from Kafka), release create/list/download/verify,
// and the release downloaded as Label Studio tasks.
// Labels come from decisions published as quality publishes them, so no crowd is needed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../../../scripts/services.cjs'));

const run = uniqueName('cli');
const source = `cli-${run}`;
const root = path.resolve(__dirname, '../../..');

interface Started {
  name: string;
  url: string;
}

describe('verity everyday commands (real processes, real stack)', () => {
  const env = stackEnv();
  let services: Started[] = [];
  let gateway: string;
  let db: Client;
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-cli-int-'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-cli-work-'));

  beforeAll(async () => {
    if (Number(process.versions.node.split('.')[0]) !== 22) {
      throw new Error(`run this test on Node 22 (PATH=node_modules/.bin:$PATH), not ${process.version}`);
    }
    services = startServices({
      names: ['gateway', 'ingestion', 'export'],
      basePort: 19900,
      logSuffix: '.cli',
      env: { UPSTREAM_TIMEOUT_MS: '60000' },
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

  /** Runs `verity …` in-process with the real fetch; the config dir is this test's own. */
  const verity = async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      stdout: (t) => void out.push(t),
      stderr: (t) => void err.push(t),
      readFile: (p) => fs.readFileSync(p, 'utf8'),
      writeFile: (p, t) => fs.writeFileSync(p, t),
      env: { VERITY_CONFIG_DIR: configDir, VERITY_URL: gateway, KAFKA_BROKERS: env.brokers.join(','), ...extraEnv },
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
  const one = async <T>(sql: string, params: unknown[]): Promise<T | undefined> => (await db.query(sql, params)).rows[0] as T | undefined;

  it('logs in, sets a project up from YAML, pushes content, follows its labels and releases them', async () => {
    // login: the token stored 0600; later commands need no --token.
    const login = await verity(['login', '--email', process.env.BOOTSTRAP_ADMIN_EMAIL!], { VERITY_PASSWORD: process.env.BOOTSTRAP_ADMIN_PASSWORD! });
    expect(login).toMatchObject({ code: EXIT.ok });
    expect(fs.statSync(path.join(configDir, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect((await verity(['login', '--email', process.env.BOOTSTRAP_ADMIN_EMAIL!], { VERITY_PASSWORD: 'wrong password' })).code).toBe(EXIT.auth);

    // project create: the API's field errors, then the real thing.
    const bad = await verity(['project', 'create', '-f', file('bad-project.yaml', `name: x\ncontentTypes: [text, smell]\npolicy:\n  answersPerTask: 0\n`)]);
    expect(bad.code).toBe(EXIT.invalid);
    expect(bad.err).toMatch(/contentTypes\.1: /);
    expect(bad.err).toMatch(/policy\.answersPerTask: /);
    const syntax = await verity(['project', 'create', '-f', file('broken.yaml', 'name: [x\n')]);
    expect(syntax.code).toBe(EXIT.usage);
    expect(syntax.err).toMatch(/broken\.yaml:2:1: /);
    const created = await verity(['project', 'create', '--json', '-f', file('project.yaml', `name: CLI ${run}\ncontentTypes: [text]\nfilter:\n  sources: [${source}]\npolicy:\n  answersPerTask: 1\n  honeypotRate: 0\n`)]);
    expect(created.code).toBe(EXIT.ok);
    const projectId = (JSON.parse(created.out) as { id: string }).id;

    // ontology publish: a fault named by the API, then version 1.
    const question = (id: string, options: string) => `  - id: ${id}\n    type: single_choice\n    prompt: Is it ${id}?\n    options: ${options}\n`;
    const wrongOntology = await verity(['ontology', 'publish', '--project', projectId, '-f', file('bad-ontology.yaml', `questions:\n${question('toxic', '[]')}`)]);
    expect(wrongOntology.code).toBe(EXIT.invalid);
    expect(wrongOntology.err).toMatch(/questions\.0\.options/);
    const published = await verity(['ontology', 'publish', '--project', projectId, '-f', file('ontology.yaml', `guidelines:\n  text: Be kind.\nquestions:\n${question('toxic', '[{id: yes, label: Yes}, {id: no, label: No}]')}`)]);
    expect(published).toMatchObject({ code: EXIT.ok, out: `published ontology version 1 of project ${projectId} (1 question)\n` });
    await eventually('ingestion knows the project', () => one(`SELECT 1 FROM ingestion.projects WHERE project_id = $1`, [projectId]), 60000, 250);
    await new Promise((r) => setTimeout(r, 2500)); // other ingestion processes of the shared stack cache the catalog for 2 s

    // push: a CSV of 3 comments in batches of 2; again (nothing sent); --restart (sent, deduplicated).
    const csv = file('comments.csv', `source_id,text,language\nc1,"first, friendly comment",en\nc2,second comment,en\nc3,third comment,en\n`);
    const pushed = await verity(['push', csv, '--source', source, '--batch', '2']);
    expect(pushed).toMatchObject({ code: EXIT.ok, out: `pushed 3 records of ${csv} from source "${source}": 3 accepted, 0 refused\n` });
    expect(pushed.err).toBe('push comments.csv: 0/3 (0%)\npush comments.csv: 2/3 (66%)\npush comments.csv: 3/3 (100%)\n');
    expect((await verity(['push', csv, '--source', source])).out).toContain('was pushed already');
    expect((await verity(['push', csv, '--source', source, '--restart'])).code).toBe(EXIT.ok);
    const items = await eventually('3 items ingested', async () => {
      const r = await db.query<{ item_id: string }>(`SELECT item_id FROM ingestion.items WHERE source = $1 ORDER BY source_id`, [source]);
      return r.rows.length >= 3 ? r.rows.map((x) => x.item_id) : undefined;
    }, 120000, 500);

    // status: the progress the platform reports (3 items, the re-push deduplicated); parts of
    // services not started here are reported unavailable, not fatal.
    const status = await eventually('status shows 3 items', async () => {
      const s = await verity(['status', projectId, '--json']);
      expect(s.code).toBe(EXIT.ok);
      const j = JSON.parse(s.out) as { progress: { ok: boolean; value?: { totals: { itemsIn: number | null } } } };
      return j.progress.value?.totals.itemsIn === 3 ? s : undefined;
    }, 60000, 1000);
    expect(JSON.parse(status.out).project).toMatchObject({ id: projectId, currentOntologyVersion: 1 });
    const text = await verity(['status', projectId]);
    expect(text.out).toMatch(new RegExp(`^project   CLI ${run} \\(${projectId}\\), ontology version 1\\nprogress  3 items in;`));

    // labels tail: started before the decisions, it prints the 3 labels export publishes.
    const since = new Date(Date.now() - 1000).toISOString();
    const kafka = createKafka({ brokers: env.brokers, clientId: run });
    const producer = new EventProducer(kafka, protobufCodec, 'cli-test');
    await producer.connect();
    try {
      for (const itemId of items) {
        await producer.publish(
          TOPICS.decisions,
          createEvent(TOPICS.decisions, {
            envelope: newEnvelope({ producer: 'quality', projectId, spec: TOPICS.decisions }),
            decisionId: uuidv7(),
            taskId: uuidv7(),
            itemId,
            questionId: 'toxic',
            ontologyVersion: 1,
            label: 'no',
            answer: { value: { case: 'choice', value: { optionIds: ['no'] } } },
            softLabel: { yes: 0.2, no: 0.8 },
            confidence: 0.8,
          }),
        );
      }
    } finally {
      await producer.disconnect();
    }
    const tail = await verity(['labels', 'tail', projectId, '--from', since, '--max', '3', '--idle-ms', '120000', '--json']);
    expect(tail.code).toBe(EXIT.ok);
    const labels = tail.out.trim().split('\n').map((l) => JSON.parse(l) as { itemId: string; questionId: string; label: string; envelope: { projectId: string } });
    expect(labels.map((l) => l.itemId).sort()).toEqual([...items].sort());
    expect(labels.every((l) => l.label === 'no' && l.questionId === 'toxic' && l.envelope.projectId === projectId)).toBe(true);
    const textTail = await verity(['labels', 'tail', projectId, '--from', 'beginning', '--max', '1']);
    expect(textTail.out).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}\S+ {2}toxic {2}v1 {2}no {2}0\.800\n$/);
    const noBroker = await verity(['labels', 'tail', projectId, '--brokers', '127.0.0.1:1']);
    expect(noBroker.code).toBe(EXIT.unreachable);

    // releases: create, list, download (every sha256 checked), verify; a changed file fails, named.
    const release = await eventually('a release with the 3 labels', async () => {
      const r = await verity(['release', 'create', projectId, '--name', `cli-${run}`, '--json']);
      const j = r.code === EXIT.ok ? (JSON.parse(r.out) as { releaseId: string; label_count: number }) : undefined;
      return j && j.label_count === 3 ? j : undefined;
    }, 60000, 1000);
    const list = await verity(['release', 'list', projectId]);
    expect(list.out).toMatch(new RegExp(`\\n${release.releaseId}\\s+\\S+\\s+3\\s+cli-${run}`));
    const dir = path.join(work, 'release');
    const download = await verity(['release', 'download', projectId, release.releaseId, '--dir', dir]);
    expect(download.code).toBe(EXIT.ok);
    // Every file the manifest lists (labels.jsonl, labels.parquet, … as export writes them), and the manifest.
    const listed = (JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: { key: string }[] }).files.map((f) => path.basename(f.key));
    expect(listed).toEqual(expect.arrayContaining(['labels.jsonl', 'labels.parquet']));
    expect(fs.readdirSync(dir).sort()).toEqual(['manifest.json', ...listed].sort());
    expect(fs.readFileSync(path.join(dir, 'labels.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect((await verity(['release', 'verify', projectId, release.releaseId, '--dir', dir])).code).toBe(EXIT.ok);
    expect((await verity(['release', 'verify', projectId, release.releaseId, '--remote'])).code).toBe(EXIT.ok);
    fs.appendFileSync(path.join(dir, 'labels.jsonl'), '\n');
    const tampered = await verity(['release', 'verify', projectId, release.releaseId, '--dir', dir]);
    expect(tampered.code).toBe(EXIT.mismatch);
    expect(tampered.err).toContain(`${path.join(dir, 'labels.jsonl')} does not match the manifest of release ${release.releaseId}`);
    expect((await verity(['release', 'download', projectId, 'no-such-release', '--dir', dir])).code).toBe(EXIT.notFound);

    // The release as Label Studio tasks: one per comment, its masked text, its final label as the consensus annotation.
    const lsFile = path.join(work, 'release-label-studio.json');
    const ls = await verity(['release', 'download', projectId, release.releaseId, '--format', 'label-studio', '-o', lsFile]);
    expect(ls.code).toBe(EXIT.ok);
    expect(ls.out).toBe(`wrote release ${release.releaseId} as 3 Label Studio tasks to ${lsFile} (${fs.statSync(lsFile).size} bytes)\n`);
    const tasks = JSON.parse(fs.readFileSync(lsFile, 'utf8')) as { data: { text: string }; meta: { verity_item_id: string; verity_source_id: string }; annotations: { completed_by: unknown; result: { from_name: string; value: { choices: string[] } }[] }[]; predictions: unknown[] }[];
    expect(tasks.map((t) => [t.meta.verity_source_id, t.data.text]).sort()).toEqual([
      ['c1', 'first, friendly comment'],
      ['c2', 'second comment'],
      ['c3', 'third comment'],
    ]);
    expect(tasks.map((t) => t.meta.verity_item_id).sort()).toEqual([...items].sort());
    expect(tasks.map((t) => t.annotations.map((a) => [a.completed_by, a.result.map((r) => [r.from_name, r.value.choices])]))).toEqual(
      Array(3).fill([['verity:consensus', [['toxic', ['no']]]]]),
    );
    expect((await verity(['release', 'download', projectId, 'no-such-release', '--format', 'label-studio', '-o', lsFile])).code).toBe(EXIT.notFound);

    // The real binary in a pipe: the exit code a scheduler sees.
    const spawned = spawnSync(process.execPath, [path.join(root, 'libs/cli/bin/verity.cjs'), 'status', projectId], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, VERITY_CONFIG_DIR: configDir, VERITY_URL: gateway, VERITY_TOKEN: '' },
    });
    expect(spawned.status).toBe(EXIT.ok);
    expect(spawned.stdout).toContain(`progress  3 items in;`);
    const anonymous = spawnSync(process.execPath, [path.join(root, 'libs/cli/bin/verity.cjs'), 'status', projectId], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, VERITY_CONFIG_DIR: path.join(work, 'empty'), VERITY_URL: gateway, VERITY_TOKEN: '' },
    });
    expect(anonymous.status).toBe(EXIT.auth);
  }, 600000);
});
