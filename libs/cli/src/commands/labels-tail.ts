import { toJson } from '@bufbuild/protobuf';
import { AnswerSchema, decodeEvent, LabelEventSchema, LabelStatus, type LabelEvent, TOPICS } from '@verity/contracts';
import { createKafka } from '@verity/messaging';
import { Logger } from '@verity/telemetry';
import { parseArgs } from 'node:util';
import { CommandFailure, EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { runCommand } from '../gateway-command';
import { CliError, type Io } from '../io';

export const LABELS_HELP = `usage: verity labels tail PROJECT [--from end|beginning|TIME] [--max N] [--idle-ms MS] [--brokers B] [--json]

  Follows labels.v1 (the public training contract) and prints the project's labels as they are
  published: one line per label version (time, item, question, version, label, confidence,
  status), or with --json the decoded LabelEvent as JSON lines (protobuf JSON names).
  The gateway has no labels stream, so this reads Kafka directly: it needs broker access
  (--brokers, default $KAFKA_BROKERS) and joins no consumer group that commits offsets.

  --from W       where to start: end (default: only new labels), beginning, or an ISO time
  --max N        stop after N labels of the project (exit 0)
  --idle-ms MS   stop when no label of the project arrived for MS milliseconds (exit 0)
  Without --max or --idle-ms it runs until interrupted (Ctrl-C, SIGTERM: exit 0).

${EXIT_CODES_HELP}
`;

/** kafkajs's own connection logs stay out of a command's output: it reports the failure itself. */
class QuietLogger extends Logger {
  override child(): Logger {
    return this;
  }
  override debug(): void {}
  override info(): void {}
  override warn(): void {}
  override error(): void {}
}

/** One label as a text line. */
export function formatLabel(e: LabelEvent): string {
  const at = e.decidedAt ? new Date(Number(e.decidedAt.seconds) * 1000 + Math.floor(e.decidedAt.nanos / 1e6)).toISOString() : '-';
  const label = e.label || (e.answer?.value.case ? JSON.stringify(toJson(AnswerSchema, e.answer)) : '-');
  const flags = [e.status === LabelStatus.EXCLUDED ? 'EXCLUDED' : '', e.adjudicated ? 'adjudicated' : '', e.gold ? 'gold' : ''].filter(Boolean);
  return `${at}  ${e.itemId}  ${e.questionId}  v${e.labelVersion}  ${label}  ${e.confidence.toFixed(3)}${flags.length ? `  ${flags.join(' ')}` : ''}`;
}

/** `verity labels tail`: returns the exit code when it stops. */
export function labelsCommand(args: string[], io: Io, signal?: AbortSignal): Promise<number> {
  return runCommand('labels', io, async () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        from: { type: 'string', default: 'end' },
        max: { type: 'string' },
        'idle-ms': { type: 'string' },
        brokers: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [sub, projectId, ...extra] = positionals;
    if (values.help || sub === 'help') {
      io.stdout(LABELS_HELP);
      return EXIT.ok;
    }
    if (sub !== 'tail') throw new CliError(`${sub ? `unknown labels subcommand "${sub}"` : 'labels needs a subcommand'}\n\n${LABELS_HELP}`);
    if (!projectId) throw new CliError('labels tail needs a project id');
    if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
    const positive = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined;
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new CliError(`--${name} must be a positive integer`);
      return Number(v);
    };
    const max = positive(values.max, 'max');
    const idleMs = positive(values['idle-ms'], 'idle-ms');
    const from = values.from!;
    const fromMs = from === 'end' || from === 'beginning' ? undefined : Date.parse(from);
    if (fromMs !== undefined && Number.isNaN(fromMs)) throw new CliError(`--from must be end, beginning or an ISO time (got "${from}")`);
    const brokers = (values.brokers ?? (io.env ?? process.env).KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
    if (brokers.length === 0) throw new CliError('no brokers: pass --brokers or set KAFKA_BROKERS (labels tail reads Kafka directly)');
    return tail({ io, projectId, brokers, from, fromMs, max, idleMs, json: values.json === true, signal });
  });
}

interface TailOptions {
  io: Io;
  projectId: string;
  brokers: string[];
  from: string;
  fromMs?: number;
  max?: number;
  idleMs?: number;
  json: boolean;
  signal?: AbortSignal;
}

async function tail(o: TailOptions): Promise<number> {
  const kafka = createKafka({ brokers: o.brokers, clientId: 'verity-labels-tail', connectionTimeoutMs: 5000 }, new QuietLogger('verity-labels-tail'));
  const topic = TOPICS.labels.name;
  const consumer = kafka.consumer({ groupId: `verity-labels-tail-${process.pid}-${Date.now().toString(36)}`, retry: { retries: 2 } });
  let seekTo: { partition: number; offset: string }[] | undefined;
  try {
    if (o.fromMs !== undefined) {
      const admin = kafka.admin({ retry: { retries: 2 } });
      await admin.connect();
      try {
        seekTo = await admin.fetchTopicOffsetsByTimestamp(topic, o.fromMs);
      } finally {
        await admin.disconnect();
      }
    }
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: o.from === 'beginning' });
  } catch (e) {
    await consumer.disconnect().catch(() => undefined);
    throw new CommandFailure(`Kafka unreachable at ${o.brokers.join(',')}: ${(e as Error).message}`, EXIT.unreachable);
  }

  let seen = 0;
  let skipped = 0;
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    if (o.idleMs === undefined) return;
    clearTimeout(idle);
    idle = setTimeout(() => finish(EXIT.ok), o.idleMs);
  };
  const stop = () => finish(EXIT.ok);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  o.signal?.addEventListener('abort', stop);
  armIdle();

  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      if (seen >= (o.max ?? Infinity) || !message.value) return;
      let e: LabelEvent;
      try {
        e = decodeEvent(TOPICS.labels, message.value);
      } catch (err) {
        skipped++;
        o.io.stderr(`verity labels: skipped a record that does not decode: ${(err as Error).message}\n`);
        return;
      }
      if (e.envelope?.projectId !== o.projectId) return;
      seen++;
      o.io.stdout(o.json ? `${JSON.stringify(toJson(LabelEventSchema, e))}\n` : `${formatLabel(e)}\n`);
      armIdle();
      if (o.max !== undefined && seen >= o.max) finish(EXIT.ok);
    },
  });
  for (const s of seekTo ?? []) consumer.seek({ topic, partition: s.partition, offset: s.offset });

  const code = await done;
  clearTimeout(idle);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await consumer.disconnect();
  if (!o.json) o.io.stderr(`${seen} label${seen === 1 ? '' : 's'} of project ${o.projectId}${skipped ? `, ${skipped} undecodable record(s) skipped` : ''}\n`);
  return code;
}
