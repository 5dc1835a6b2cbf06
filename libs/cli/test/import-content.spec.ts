import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContentType } from '@verity/contracts';
import type { Io } from '../src/io';
import { main } from '../src/main';
import { contentEventFromLine } from '../src/commands/import-content';

function capture() {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    readFile: (p) => fs.readFileSync(p, 'utf8'),
    writeFile: (p, t) => fs.writeFileSync(p, t),
  };
  return { io, out: () => out, err: () => err };
}

describe('verity import', () => {
  it('turns a JSONL line into a content event with its fields', () => {
    const e = contentEventFromLine('{"source_id":"c1","text":"hello","tags":["spam"],"language":"en","metadata":{"k":"v"}}', 1, 'yt');
    expect(e).toMatchObject({ source: 'yt', sourceId: 'c1', contentType: ContentType.TEXT, tags: ['spam'], language: 'en', metadata: { k: 'v' } });
    expect(e.body).toEqual({ case: 'text', value: 'hello' });
    expect(e.envelope?.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['{"text":"x"}', /line 3: "source_id" must be a non-empty string/],
    ['not json', /line 3: not JSON/],
    ['{"source_id":"a","text":"x","colour":"red"}', /line 3: unknown field "colour"/],
    ['{"source_id":"a","text":"x","language":"english!"}', /line 3: "language" must be a BCP 47 tag/],
  ])('names the line and the fault: %s', (line, why) => {
    expect(() => contentEventFromLine(line, 3, 'yt')).toThrow(why);
  });

  it('checks a whole file in a dry run and stops at the first bad line with exit code 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-import-'));
    const good = path.join(dir, 'good.jsonl');
    fs.writeFileSync(good, '{"source_id":"a","text":"x"}\n\n{"source_id":"b","text":"y"}\n');
    const ok = capture();
    expect(await main(['import', '--source', 'yt', '--file', good, '--dry-run'], ok.io)).toBe(0);
    expect(ok.out()).toBe('2 lines OK (dry run: nothing published)\n');

    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, '{"source_id":"a","text":"x"}\n{"source_id":"b"}\n');
    const ko = capture();
    expect(await main(['import', '--source', 'yt', '--file', bad, '--dry-run'], ko.io)).toBe(2);
    expect(ko.err()).toMatch(/verity: line 2: "text" must be a non-empty string/);
  });
});
