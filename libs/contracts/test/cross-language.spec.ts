// A consumer in another language decodes labels.v1 with nothing but proto/: here buf's Go
// implementation (`buf convert`) reads the bytes TypeScript wrote.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TOPICS, encodeEvent } from '../src';
import { sampleEvents } from './fixtures';

const root = path.resolve(__dirname, '../../..');
const buf = path.join(root, 'node_modules/.bin/buf');

/** The parts of LabelEvent's canonical JSON (lowerCamelCase) the test reads. */
interface LabelJson {
  envelope: { eventId: string; type: string };
  label: string;
  itemId: string;
  labelVersion: number;
  status: string;
  softLabel: Record<string, number>;
  answer: { choice: { optionIds: string[] } };
  provenance: {
    verdict: { note: string };
    answers: { annotatorId: string; model?: { promptVersion: string } }[];
  };
}

function bufConvert(type: string, file: string): LabelJson {
  const json = execFileSync(
    buf,
    ['convert', 'proto', '--type', type, '--from', `${file}#format=binpb`, '--to', '-#format=json'],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return JSON.parse(json) as LabelJson;
}

describe('cross-language decoding with proto/ alone (buf convert)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'contracts-xlang-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a LabelEvent written by TypeScript reads back in Go with its label, provenance and event id', () => {
    const event = sampleEvents().labels;
    const file = path.join(tmp, 'label.binpb');
    fs.writeFileSync(file, encodeEvent(TOPICS.labels, event));

    const json = bufConvert('verity.labels.v1.LabelEvent', file);
    expect(json.envelope.eventId).toBe(event.envelope!.eventId);
    expect(json.envelope.type).toBe('verity.labels.v1.LabelEvent');
    expect(json.label).toBe('harassment');
    expect(json.itemId).toBe('item-1');
    expect(json.labelVersion).toBe(2);
    expect(json.status).toBe('LABEL_STATUS_ACTIVE');
    expect(json.softLabel).toEqual({ harassment: 0.95, non_toxic: 0.05 });
    expect(json.answer.choice.optionIds).toEqual(['harassment']);
    expect(json.provenance.verdict.note).toBe('targets a named person');
    expect(json.provenance.answers.map((a) => a.annotatorId)).toEqual([
      'alice',
      'bob',
      'model:gpt-4o-mini',
    ]);
    expect(json.provenance.answers[2]?.model?.promptVersion).toBe('p3');
  }, 60_000);
});
