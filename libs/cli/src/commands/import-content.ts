import { createKafka, EventProducer, protobufCodec } from '@verity/messaging';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import { ContentEvent, ContentType, createEvent, newEnvelope, TOPICS } from '@verity/contracts';
import { CliError, type Io } from '../io';

export const IMPORT_HELP = `usage: verity import --source S --file content.jsonl [--brokers host:port,…] [--batch 500] [--dry-run]

Publishes one content.v1 event per line of a JSONL file. Each line:
  {"source_id": "...", "text": "...", "tags": ["..."], "language": "en", "metadata": {"k": "v"}}
(tags, language and metadata are optional). The whole file is checked first: a bad line stops
the import before anything is published, naming the line. --dry-run only checks.
Brokers default to $KAFKA_BROKERS.
`;

const LINE_KEYS = new Set(['source_id', 'text', 'tags', 'language', 'metadata']);

/** One JSONL line → a content event; throws CliError naming the line and the fault. */
export function contentEventFromLine(line: string, lineNo: number, source: string): ContentEvent {
  const fail = (why: string): never => {
    throw new CliError(`line ${lineNo}: ${why}`);
  };
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return fail(`not JSON (${(e as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('must be a JSON object');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!LINE_KEYS.has(k)) fail(`unknown field "${k}"`);
  if (typeof o.source_id !== 'string' || !o.source_id.trim())
    fail('"source_id" must be a non-empty string');
  if (typeof o.text !== 'string' || !o.text.trim()) fail('"text" must be a non-empty string');
  if (
    o.tags !== undefined &&
    (!Array.isArray(o.tags) || !o.tags.every((t) => typeof t === 'string' && t.trim()))
  ) {
    fail('"tags" must be a list of non-empty strings');
  }
  if (
    o.language !== undefined &&
    (typeof o.language !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(o.language))
  ) {
    fail('"language" must be a BCP 47 tag such as "en" or "pt-BR"');
  }
  const meta = o.metadata;
  if (
    meta !== undefined &&
    (typeof meta !== 'object' ||
      meta === null ||
      Array.isArray(meta) ||
      !Object.values(meta).every((x) => typeof x === 'string'))
  ) {
    fail('"metadata" must be an object of strings');
  }
  return createEvent(TOPICS.content, {
    envelope: newEnvelope({ producer: `import:${source}`, projectId: '', spec: TOPICS.content }),
    source,
    sourceId: o.source_id as string,
    contentType: ContentType.TEXT,
    body: { case: 'text', value: o.text as string },
    tags: (o.tags as string[] | undefined) ?? [],
    language: o.language as string | undefined,
    metadata: (meta as Record<string, string> | undefined) ?? {},
  });
}

async function* lines(file: string): AsyncGenerator<{ line: string; lineNo: number }> {
  const rl = readline.createInterface({
    input: fs.createReadStream(file, 'utf8'),
    crlfDelay: Infinity,
  });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim()) yield { line, lineNo };
  }
}

/** `verity import`: returns the exit code (async: it talks to Kafka). */
export async function importContentCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      source: { type: 'string' },
      file: { type: 'string' },
      brokers: { type: 'string' },
      batch: { type: 'string', default: '500' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(IMPORT_HELP);
    return 0;
  }
  const source = values.source?.trim();
  if (!source) throw new CliError(`import needs --source\n\n${IMPORT_HELP}`);
  if (!values.file) throw new CliError(`import needs --file\n\n${IMPORT_HELP}`);
  if (!fs.existsSync(values.file)) throw new CliError(`no such file: ${values.file}`);
  const batch = Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10000)
    throw new CliError('--batch must be an integer in [1, 10000]');

  let count = 0;
  for await (const { line, lineNo } of lines(values.file)) {
    contentEventFromLine(line, lineNo, source);
    count++;
  }
  if (values['dry-run']) {
    io.stdout(`${count} lines OK (dry run: nothing published)\n`);
    return 0;
  }
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new CliError('no brokers: pass --brokers or set KAFKA_BROKERS');
  const producer = new EventProducer(
    createKafka({ brokers, clientId: 'verity-import' }),
    protobufCodec,
    `import:${source}`,
  );
  await producer.connect();
  try {
    let pending: ContentEvent[] = [];
    let sent = 0;
    for await (const { line, lineNo } of lines(values.file)) {
      pending.push(contentEventFromLine(line, lineNo, source));
      if (pending.length >= batch) {
        await producer.publishMany(TOPICS.content, pending);
        sent += pending.length;
        pending = [];
      }
    }
    await producer.publishMany(TOPICS.content, pending);
    sent += pending.length;
    io.stdout(
      `published ${sent} content events from source "${source}" to ${TOPICS.content.name}\n`,
    );
    return 0;
  } finally {
    await producer.disconnect();
  }
}
