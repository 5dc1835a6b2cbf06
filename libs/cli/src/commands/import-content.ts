import { createKafka, EventProducer, protobufCodec } from '@verity/messaging';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import { type ContentEvent, TOPICS } from '@verity/contracts';
import { contentEventFromLine } from '../content-line';
import { CliError, type Io } from '../io';

export { contentEventFromLine };

export const IMPORT_HELP = `usage: verity import --source S --file content.jsonl [--brokers host:port,…] [--batch 500] [--dry-run]

Publishes one content.v1 event per line of a JSONL file. Each line:
  {"source_id": "...", "text": "...", "tags": ["..."], "language": "en", "metadata": {"k": "v"}}
(tags, language and metadata are optional). The whole file is checked first: a bad line stops
the import before anything is published, naming the line. --dry-run only checks.
Brokers default to $KAFKA_BROKERS.
`;

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
