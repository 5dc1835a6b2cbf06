import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../src';
import { type Call, harness, tempFile } from './fake-gateway';

// The CLI's Label Studio commands against a scripted gateway: a release downloaded as Label
// Studio tasks, an ontology published from a labeling config, and LS tasks with predictions and
// annotations pushed to the project's import in chunks.

const env = { VERITY_TOKEN: 'tok' };
const config = `<View>
  <Text name="review" value="$text"/>
  <Header value="Overall sentiment?"/>
  <Choices name="sentiment" toName="review" choice="single">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
  <Choices name="topics" toName="review" choice="multiple">
    <Choice value="Delivery &amp; shipping" alias="delivery"/>
    <Choice value="Price"/>
  </Choices>
</View>
`;
const withRating = `<View>
  <Text name="review" value="$text"/>
  <Rating name="stars" toName="review"/>
</View>
`;
const task = (id: number, labelled = true) => ({
  id,
  data: { text: `review ${id}` },
  ...(labelled
    ? {
        annotations: [{ id: id * 10, completed_by: 3, created_at: '2024-05-02T09:14:31Z', result: [{ from_name: 'sentiment', to_name: 'review', type: 'choices', value: { choices: ['Positive'] } }] }],
        predictions: [{ model_version: 'v1', result: [{ from_name: 'sentiment', to_name: 'review', type: 'choices', value: { choices: ['Negative'] } }] }],
      }
    : {}),
});
const tasksFile = (n: number, labelled = true) => tempFile('tasks.json', JSON.stringify(Array.from({ length: n }, (_, k) => task(k + 1, labelled))));
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'verity-ls-'));

describe('verity release download --format label-studio', () => {
  const tasks = [{ id: 7, data: { text: 'hi [EMAIL]' }, meta: { verity_item_id: 'i1' }, annotations: [], predictions: [] }];
  const bytes = Buffer.from(`[\n${JSON.stringify(tasks[0])}\n]\n`);

  it('writes the tasks from the release endpoint to -o FILE and says how many', async () => {
    const out = path.join(tmp(), 'sub', 'r1.json');
    const h = harness(() => ({ status: 200, bytes }), env);
    expect(await h.run('release', 'download', 'p1', 'r1', '--format', 'label-studio', '-o', out)).toBe(EXIT.ok);
    expect(h.calls.map((c) => [c.method, c.path, c.authorization])).toEqual([['GET', '/v1/projects/p1/releases/r1/label-studio', 'Bearer tok']]);
    expect(fs.readFileSync(out)).toEqual(bytes);
    expect(h.stdout()).toBe(`wrote release r1 as 1 Label Studio task to ${out} (${bytes.length} bytes)\n`);
  });

  it('defaults to ./RELEASE-label-studio.json, prints JSON with --json, and writes to stdout with -o -', async () => {
    const dir = tmp();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const h = harness(() => ({ status: 200, bytes }), env);
      expect(await h.run('release', 'download', 'p1', 'r1', '--format', 'label-studio', '--json')).toBe(EXIT.ok);
      const file = path.join(fs.realpathSync(dir), 'r1-label-studio.json');
      expect(JSON.parse(h.stdout())).toMatchObject({ releaseId: 'r1', format: 'label-studio', tasks: 1, size: bytes.length });
      expect(fs.realpathSync(JSON.parse(h.stdout()).file)).toBe(file);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(tasks);
    } finally {
      process.chdir(cwd);
    }
    const s = harness(() => ({ status: 200, bytes }), env);
    expect(await s.run('release', 'download', 'p1', 'r1', '--format', 'label-studio', '-o', '-')).toBe(EXIT.ok);
    expect(s.stdout()).toBe(bytes.toString('utf8'));
  });

  it('prints the rows a release cannot be converted for (422, exit 5), and 404 as exit 6; nothing written', async () => {
    const out = path.join(tmp(), 'x.json');
    const errors = [{ field: 'rows[3].answer', reason: 'is a text_spans answer; only choice answers convert to Label Studio choices' }];
    const h = harness(() => ({ status: 422, body: { statusCode: 422, message: 'release r1 cannot be written as Label Studio tasks: 1 fault', errors } }), env);
    expect(await h.run('release', 'download', 'p1', 'r1', '--format', 'label-studio', '-o', out)).toBe(EXIT.invalid);
    expect(h.stderr()).toContain('release r1 as Label Studio tasks: 422 release r1 cannot be written as Label Studio tasks: 1 fault\n  rows[3].answer: is a text_spans answer');
    expect(fs.existsSync(out)).toBe(false);
    const n = harness(() => ({ status: 404, body: { message: 'release r9 not found in project p1' } }), env);
    expect(await n.run('release', 'download', 'p1', 'r9', '--format', 'label-studio', '-o', out)).toBe(EXIT.notFound);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('fails (exit 1) and writes nothing when the answer is cut short', async () => {
    const out = path.join(tmp(), 'x.json');
    const h = harness(() => ({ status: 200, bytes: bytes.subarray(0, 20) }), env);
    expect(await h.run('release', 'download', 'p1', 'r1', '--format', 'label-studio', '-o', out)).toBe(EXIT.failed);
    expect(h.stderr()).toContain('the Label Studio tasks did not arrive whole');
    expect(fs.existsSync(out)).toBe(false);
  });

  it.each([
    [['--format', 'coco'], '--format must be files or label-studio (got "coco")'],
    [['--format', 'label-studio', '--dir', 'd'], '--dir does not apply to --format label-studio'],
    [['-o', 'x.json'], '-o applies to --format label-studio only'],
    [['--format', 'label-studio', '-o', '-', '--json'], 'cannot be combined with --json'],
  ])('refuses %j with exit 2 and sends nothing', async (flags, message) => {
    const h = harness(() => ({ status: 200, bytes }), env);
    expect(await h.run('release', 'download', 'p1', 'r1', ...flags)).toBe(EXIT.usage);
    expect(h.stderr()).toContain(message);
    expect(h.calls).toEqual([]);
  });
});

describe('verity ontology publish -f config.xml', () => {
  const gateway = (c: Call) => {
    if (c.method === 'GET') return { status: 200, body: { ontologies: [{ version: 1, status: 'published', questions: [] }] } };
    if (c.method === 'POST' && c.path.endsWith('/ontologies')) return { status: 201, body: { version: 2, status: 'draft', questions: [{}, {}] } };
    return { status: 200, body: { version: 2, status: 'published', questions: [{}, {}] } };
  };

  it('publishes the config as the next version: one question per <Choices>, the same calls as a YAML file', async () => {
    const h = harness(gateway, env);
    expect(await h.run('ontology', 'publish', '-f', tempFile('config.xml', config), '--project', 'p-1', '--relabel-policy', 'keep')).toBe(EXIT.ok);
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /v1/projects/p-1/ontologies', 'POST /v1/projects/p-1/ontologies', 'POST /v1/projects/p-1/ontologies/2/publish']);
    expect(JSON.parse(h.calls[1].body!)).toEqual({
      guidelines: { text: '', examples: [] },
      questions: [
        {
          id: 'sentiment',
          type: 'single_choice',
          prompt: 'Overall sentiment?',
          options: [
            { id: 'Positive', label: 'Positive', description: '' },
            { id: 'Negative', label: 'Negative', description: '' },
          ],
          required: false,
          contentTypes: ['text'],
        },
        {
          id: 'topics',
          type: 'multiple_choice',
          prompt: 'topics',
          options: [
            { id: 'delivery', label: 'Delivery & shipping', description: 'Label Studio value: delivery' },
            { id: 'Price', label: 'Price', description: '' },
          ],
          required: false,
          contentTypes: ['text'],
        },
      ],
    });
    expect(JSON.parse(h.calls[2].body!)).toEqual({ relabelPolicy: 'keep' });
    expect(h.stdout()).toBe('published ontology version 2 of project p-1 (2 questions)\n');
  });

  it('stops with exit 2 naming a tag that has no Verity mapping, and sends nothing', async () => {
    const file = tempFile('stars.xml', withRating);
    const h = harness(gateway, env);
    expect(await h.run('ontology', 'publish', '-f', file, '--project', 'p-1')).toBe(EXIT.usage);
    expect(h.stderr()).toMatch(new RegExp(`^verity ontology: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: tag <Rating name="stars"> \\(line 3\\): .+\\n$`));
    expect(h.calls).toEqual([]);
  });

  it('names the line of XML that does not parse (exit 2)', async () => {
    const h = harness(gateway, env);
    expect(await h.run('ontology', 'publish', '-f', tempFile('broken.xml', '<View>\n  <Text name="t" value="$text">\n</View>\n'), '--project', 'p-1')).toBe(EXIT.usage);
    expect(h.stderr()).toMatch(/broken\.xml: tag \(config\): is not well-formed XML: line 3: <\/View> closes <Text> \(opened on line 2\)\n$/);
    expect(h.calls).toEqual([]);
  });

  it.each([
    [['--relabel-policy', 'drop'], tempFile('c.xml', config), '--relabel-policy must be keep, relabel or exclude'],
    [['--relabel-policy', 'keep'], tempFile('o.yaml', 'questions: []\nrelabelPolicy: exclude\n'), 'says relabelPolicy and --relabel-policy is given too'],
  ])('refuses %j with exit 2', async (flags, file, message) => {
    const h = harness(gateway, env);
    expect(await h.run('ontology', 'publish', '-f', file, '--project', 'p-1', ...flags)).toBe(EXIT.usage);
    expect(h.stderr()).toContain(message);
    expect(h.calls).toEqual([]);
  });
});

describe('verity push tasks.json --config config.xml', () => {
  const answer = (n: number, errors: unknown[] = []) => ({
    counts: { tasks: n, imported_tasks: n, annotations: n, cancelled: 0, final_labels: 0, predictions: n },
    errors,
    content: { published: n },
    prelabels: { received: n, applied: 1, parked: n - 1, duplicates: 0 },
    answers: { received: n, applied: 0, parked: n, duplicates: 0 },
  });
  const sent = (c: Call) => JSON.parse(c.body!) as { tasks: { id: number }[]; config: string; source?: string; annotators?: Record<string, string> };

  it('sends the tasks to the project import in chunks of at most 200, with progress, and prints the totals', async () => {
    const file = tasksFile(450);
    const h = harness((c) => ({ status: 200, body: answer(sent(c).tasks.length) }), env);
    expect(await h.run('push', file, '--config', tempFile('config.xml', config), '--project', 'p-1', '--source', 'ls-reviews')).toBe(EXIT.ok);
    expect(h.calls.map((c) => [c.method, c.path, c.contentType])).toEqual(Array(3).fill(['POST', '/v1/projects/p-1/imports/label-studio', 'application/json']));
    expect(h.calls.map((c) => sent(c).tasks.length)).toEqual([200, 200, 50]);
    expect(h.calls.map((c) => sent(c).tasks[0].id)).toEqual([1, 201, 401]);
    expect(sent(h.calls[0])).toMatchObject({ config, source: 'ls-reviews' });
    expect(sent(h.calls[0]).annotators).toBeUndefined();
    expect(h.stderr()).toBe('import tasks.json: 0/450 (0%)\nimport tasks.json: 200/450 (44%)\nimport tasks.json: 400/450 (88%)\nimport tasks.json: 450/450 (100%)\n');
    expect(h.stdout()).toBe(
      [
        `imported 450 Label Studio tasks of ${file} into project p-1 (source "ls-reviews") in 3 requests:`,
        '  content    450 published',
        '  prelabels  450 received, 3 applied, 447 parked (waiting for their task), 0 already there',
        '  answers    450 received, 0 applied, 450 parked (waiting for their task), 0 already there',
        '  read       tasks 450, imported tasks 450, annotations 450, cancelled 0, final labels 0, predictions 450',
        '  faults     0',
        '',
      ].join('\n'),
    );
  });

  it('lists the faults with their task and field in the file (exit 8), and sums them in --json', async () => {
    const file = tasksFile(5);
    const fault = { task: 1, field: 'tasks[1].annotations[0].result[0].value.choices', reason: '"Great" is not a choice of <Choices name="sentiment">' };
    const h = harness((c) => ({ status: 200, body: answer(sent(c).tasks.length, sent(c).tasks[0].id === 4 ? [fault] : []) }), env);
    const map = tempFile('map.json', JSON.stringify({ '3': 'u-ana', 'mira@example.org': 'u-mira' }));
    expect(await h.run('push', file, '--config', tempFile('config.xml', config), '--project', 'p-1', '--batch', '3', '--annotators', map)).toBe(EXIT.partial);
    expect(sent(h.calls[0])).toMatchObject({ annotators: { '3': 'u-ana', 'mira@example.org': 'u-mira' } });
    expect(sent(h.calls[0]).source).toBeUndefined();
    expect(h.stdout()).toContain('  faults     1\n    tasks[4].annotations[0].result[0].value.choices: "Great" is not a choice of <Choices name="sentiment">\n');
    expect(h.stderr()).toContain('1 fault(s) in');

    const j = harness((c) => ({ status: 200, body: answer(sent(c).tasks.length, sent(c).tasks[0].id === 4 ? [fault] : []) }), env);
    expect(await j.run('push', file, '--config', tempFile('config.xml', config), '--project', 'p-1', '--batch', '3', '--json')).toBe(EXIT.partial);
    expect(JSON.parse(j.stdout())).toMatchObject({
      tasks: 5,
      requests: 2,
      content: { published: 5 },
      prelabels: { received: 5, applied: 2, parked: 3, duplicates: 0 },
      errors: [{ task: 4, field: 'tasks[4].annotations[0].result[0].value.choices', reason: fault.reason }],
    });
    expect(j.stderr()).not.toContain('import tasks.json:');
  });

  it("stops at a refused chunk with the gateway's exit code, saying what was imported before", async () => {
    let n = 0;
    const h = harness(() => (++n === 2 ? { status: 422, body: { message: 'the config does not match the published ontology', errors: [{ field: 'config', reason: 'question "topics": option "delivery" is not in the ontology' }] } } : { status: 200, body: answer(2) }), env);
    expect(await h.run('push', tasksFile(4), '--config', tempFile('config.xml', config), '--project', 'p-1', '--batch', '2')).toBe(EXIT.invalid);
    expect(h.stderr()).toContain('tasks 3–4 of');
    expect(h.stderr()).toContain('tasks 1–2 were imported; the import is idempotent');
    expect(h.stderr()).toContain('  config: question "topics": option "delivery" is not in the ontology');
    const f = harness(() => ({ status: 403, body: { message: 'not a project manager of p-1' } }), env);
    expect(await f.run('push', tasksFile(1), '--config', tempFile('config.xml', config), '--project', 'p-1')).toBe(EXIT.auth);
  });

  it('keeps pushing content for a tasks file with only data', async () => {
    const h = harness((c) => ({ status: 202, body: { accepted: c.body!.trim().split('\n').map((_, k) => ({ line: k + 1, eventId: `e${k}` })), rejected: [] } }), env);
    expect(await h.run('push', tasksFile(2, false), '--source', 'ls')).toBe(EXIT.ok);
    expect(h.calls.map((c) => c.path)).toEqual(['/v1/content:batch']);
    expect(h.calls[0].body!.trim().split('\n').map((l) => JSON.parse(l).text)).toEqual(['review 1', 'review 2']);
  });

  it.each([
    [() => [tasksFile(2), '--source', 'ls'], 'tasks.json holds Label Studio predictions or annotations: give --config config.xml'],
    [() => [tasksFile(2), '--config', tempFile('config.xml', config)], 'a Label Studio import needs --project P'],
    [() => [tasksFile(2), '--config', tempFile('stars.xml', withRating), '--project', 'p-1'], 'tag <Rating name="stars"> (line 3)'],
    [() => [tasksFile(2), '--config', tempFile('config.xml', config), '--project', 'p-1', '--batch', '201'], '--batch must be an integer in [1, 200]'],
    [() => [tasksFile(2), '--config', tempFile('config.xml', config), '--project', 'p-1', '--restart'], '--restart does not apply to a Label Studio import'],
    [() => [tasksFile(2), '--config', tempFile('config.xml', config), '--project', 'p-1', '--annotators', tempFile('m.json', '{"3": 7}')], 'm.json: "3" must map to a Verity annotator id'],
    [() => [tempFile('c.jsonl', '{"source_id":"1","text":"a"}\n'), '--config', tempFile('config.xml', config), '--project', 'p-1'], '--config applies to Label Studio tasks (.json) only'],
    [() => [tempFile('c.jsonl', '{"source_id":"1","text":"a"}\n'), '--source', 's', '--project', 'p-1'], '--project applies to a Label Studio import (with --config) only'],
    [() => [tempFile('tasks.json', '[]'), '--config', tempFile('config.xml', config), '--project', 'p-1'], 'tasks.json: no tasks'],
  ])('refuses bad usage with exit 2 and sends nothing (%#)', async (argv, message) => {
    const h = harness(() => ({ status: 200, body: answer(1) }), env);
    expect(await h.run('push', ...argv())).toBe(EXIT.usage);
    expect(h.stderr()).toContain(message);
    expect(h.calls).toEqual([]);
  });
});
