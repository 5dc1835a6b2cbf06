import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT, readContentFile, type Io } from '../src';
import { type Call, harness, refused, tempFile } from './fake-gateway';

// `verity push`: the three input formats, batches as JSON lines, resume after an interruption,
// refused lines, progress on a terminal and in a pipe.

const env = { VERITY_TOKEN: 'tok' };
const jsonl = (n: number) => Array.from({ length: n }, (_, k) => JSON.stringify({ source_id: `c-${k + 1}`, text: `comment ${k + 1}` })).join('\n') + '\n';
const sentIds = (calls: Call[]) => calls.flatMap((c) => c.body!.trim().split('\n').map((l) => (JSON.parse(l) as { sourceId: string }).sourceId));
const acceptAll = (c: Call) => {
  const n = c.body!.trim().split('\n').length;
  return { status: 202, body: { accepted: Array.from({ length: n }, (_, k) => ({ line: k + 1, eventId: `e${k}` })), rejected: [] } };
};
const fileIo = { readFile: (p: string) => fs.readFileSync(p, 'utf8') } as unknown as Io;

describe('content files', () => {
  it('reads JSONL, CSV and Label Studio tasks into the API body', () => {
    expect(readContentFile(fileIo, tempFile('a.jsonl', '{"source_id":"1","text":"hi","tags":["t"],"language":"en","metadata":{"k":"v"}}\n\n'), 'yt')).toEqual([
      { at: 1, body: { source: 'yt', sourceId: '1', contentType: 'text', text: 'hi', tags: ['t'], language: 'en', metadata: { k: 'v' } } },
    ]);
    expect(readContentFile(fileIo, tempFile('a.csv', 'text,source_id,tags\n"hello, you",7,a|b\n'), 'yt')[0]).toEqual({
      at: 2,
      body: { source: 'yt', sourceId: '7', contentType: 'text', text: 'hello, you', tags: ['a', 'b'], metadata: {} },
    });
    const ls = [
      { id: 11, data: { text: 'first', author: 'x' }, annotations: [{ result: [] }] },
      { id: 12, data: { comment: 'only field' } },
      { id: 13, data: { source_id: 'own-id', text: 'third' } },
    ];
    expect(readContentFile(fileIo, tempFile('tasks.json', JSON.stringify(ls)), 'ls').map((l) => [l.at, l.body.sourceId, l.body.text, l.body.metadata])).toEqual([
      [1, '11', 'first', { author: 'x' }],
      [2, '12', 'only field', {}],
      [3, 'own-id', 'third', {}],
    ]);
  });

  it.each([
    ['a.jsonl', '{"source_id":"1","text":"a"}\n{"source_id":"1","text":"b"}\n', 'a.jsonl:2: source id "1" already given at 1'],
    ['a.jsonl', '{"source_id":"1","text":"a"}\n{"text":"b"}\n', 'a.jsonl:2: "source_id" must be a non-empty string'],
    ['a.jsonl', '{"source_id":"1","text":"a"}\n{oops\n', 'a.jsonl:2: not JSON'],
    ['a.csv', 'source_id\n1\n', 'a.csv: missing column "text"'],
    ['t.json', '[{"id":1,"data":{"a":"x","b":"y"}}]', 't.json: task 1: data has no "text" (found: a,b)'],
    ['t.json', '{"id":1}', 'a Label Studio export is a JSON array of tasks'],
    ['a.txt', 'x', 'give a .jsonl, .ndjson, .csv or Label Studio .json file'],
  ])('refuses a bad %s naming the place', (name, text, message) => {
    expect(() => readContentFile(fileIo, tempFile(name, text), 'yt')).toThrow(message);
  });
});

describe('verity push', () => {
  it('sends batches of JSON lines with progress lines in a pipe, and says so', async () => {
    const file = tempFile('c.jsonl', jsonl(5));
    const h = harness(acceptAll, env, false);
    expect(await h.run('push', file, '--source', 'yt', '--batch', '2')).toBe(EXIT.ok);
    expect(h.calls.map((c) => [c.method, c.path, c.contentType])).toEqual(Array(3).fill(['POST', '/v1/content:batch', 'application/x-ndjson']));
    expect(sentIds(h.calls)).toEqual(['c-1', 'c-2', 'c-3', 'c-4', 'c-5']);
    expect(JSON.parse(h.calls[0].body!.split('\n')[0])).toEqual({ source: 'yt', sourceId: 'c-1', contentType: 'text', text: 'comment 1', tags: [], metadata: {} });
    expect(h.stderr()).toBe('push c.jsonl: 0/5 (0%)\npush c.jsonl: 2/5 (40%)\npush c.jsonl: 4/5 (80%)\npush c.jsonl: 5/5 (100%)\n');
    expect(h.stdout()).toBe(`pushed 5 records of ${file} from source "yt": 5 accepted, 0 refused\n`);
    // Pushed already: nothing is sent again unless --restart.
    expect(await h.run('push', file, '--source', 'yt')).toBe(EXIT.ok);
    expect(h.calls).toHaveLength(3);
    expect(await h.run('push', file, '--source', 'yt', '--restart', '--batch', '10')).toBe(EXIT.ok);
    expect(h.calls).toHaveLength(4);
  });

  it('draws a bar on a terminal', async () => {
    const h = harness(acceptAll, env, true);
    expect(await h.run('push', tempFile('c.jsonl', jsonl(2)), '--source', 'yt', '--batch', '1')).toBe(EXIT.ok);
    expect(h.stderr()).toContain('\rpush c.jsonl [###############---------------] 50% 1/2');
    expect(h.stderr().endsWith('100% 2/2\n')).toBe(true);
  });

  it('resumes after an interruption, sending only what was not answered; keyed by content, not name', async () => {
    const file = tempFile('c.jsonl', jsonl(5));
    let calls = 0;
    // The gateway goes away once, at the second batch.
    const h = harness((c) => (++calls === 2 ? refused() : acceptAll(c)), env);
    expect(await h.run('push', file, '--source', 'yt', '--batch', '2')).toBe(EXIT.unreachable);
    expect(h.stderr()).toContain('gateway unreachable at http://127.0.0.1:8080: ECONNREFUSED');
    expect(sentIds(h.calls)).toEqual(['c-1', 'c-2', 'c-3', 'c-4']);
    expect(fs.readdirSync(path.join(h.configDir, 'push'))).toHaveLength(1);

    const copy = path.join(path.dirname(file), 'renamed.jsonl');
    fs.copyFileSync(file, copy);
    expect(await h.run('push', copy, '--source', 'yt', '--batch', '2')).toBe(EXIT.ok);
    expect(h.stderr()).toContain(`resuming ${copy} at record 3 of 5`);
    expect(sentIds(h.calls.slice(2))).toEqual(['c-3', 'c-4', 'c-5']);
    expect(h.stdout()).toContain('5 accepted, 0 refused');
  });

  it('lists refused lines with their file line and reason, exit 8; a batch all refused is not a failure of the push', async () => {
    const file = tempFile('c.jsonl', jsonl(3));
    const h = harness((c) => {
      const ids = sentIds([c]);
      if (ids.length === 1) return { status: 400, body: { accepted: [], rejected: [{ line: 1, status: 413, message: 'text too long' }] } };
      return { status: 202, body: { accepted: [{ line: 1, eventId: 'e' }], rejected: [{ line: 2, status: 400, message: 'invalid', errors: [{ field: 'text', reason: 'empty' }] }] } };
    }, env);
    expect(await h.run('push', file, '--source', 'yt', '--batch', '2')).toBe(EXIT.partial);
    expect(h.stdout()).toContain('1 accepted, 2 refused');
    expect(h.stdout()).toContain('c.jsonl:2 (source id c-2): invalid; text: empty');
    expect(h.stdout()).toContain('c.jsonl:3 (source id c-3): text too long');
  });

  it.each([
    [403, EXIT.auth],
    [413, EXIT.invalid],
    [500, EXIT.failed],
  ])('stops on a %i for the whole batch with its exit code, state kept', async (status, code) => {
    const h = harness(() => ({ status, body: { message: 'no' } }), env);
    expect(await h.run('push', tempFile('c.jsonl', jsonl(1)), '--source', 'yt')).toBe(code);
    expect(h.stderr()).toContain('batch at record 1 refused (state kept');
  });

  it.each([
    [['push'], 'push needs a file'],
    [['push', 'x.jsonl'], 'push needs --source'],
    [['push', 'x.jsonl', '--source', 's', '--batch', '0'], '--batch must be an integer in [1, 10000]'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const h = harness(acceptAll, env);
    expect(await h.run(...argv)).toBe(EXIT.usage);
    expect(h.stderr()).toContain(message);
  });
});
