import { parseArgs } from 'node:util';
import { callGateway, GatewayUnreachable, type GatewayAnswer } from '../gateway-call';
import { resolveAuth } from '../credentials';
import { CliError, type Io } from '../io';

export const DLQ_HELP = `usage: verity dlq <list|show|redrive> [options]

  verity dlq list                                       every topic's dead letters: count, newest, top reasons
  verity dlq show <topic> [--limit N] [--after CURSOR]  a topic's dead letters, newest first (N ≤ 200, default 20)
  verity dlq redrive <topic> (--ids P:O,… | --all)      publish them again to the original topic, each once

Talks to the gateway's operations API (/v1/ops, admin only).
  --url URL      the gateway (default $VERITY_URL, else the one you logged in to, else http://127.0.0.1:8080)
  --token T      an admin's bearer token (default $VERITY_TOKEN, else the one \`verity login\` stored)
  --json         print the gateway's JSON answer as it is

Exit codes: 0 done; 2 bad usage, or refused as invalid by the gateway (400, unknown topic 404);
3 not allowed (no token, 401, 403); 4 gateway unreachable, timed out or failing (5xx);
5 redrive finished but some records were skipped or left for another call; 1 unexpected.
`;

/** The exit codes of `verity dlq` (see DLQ_HELP). */
export const DLQ_EXIT = { ok: 0, unexpected: 1, invalid: 2, notAllowed: 3, unavailable: 4, partial: 5 } as const;

/** A failure with the exit code it means. */
class DlqFailure extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface Summary {
  topics: { topic: string; dlqTopic: string; count: number; newestAt: string | null; reasons: { reason: string; count: number }[] }[];
}
interface Page {
  records: {
    id: string;
    at: string;
    key: string | null;
    reason: string;
    origin: { topic: string; partition: number | null; offset: number | null; consumerGroup?: string };
    projectId?: string;
    payload: unknown;
    encrypted: boolean;
    redriven?: { at: string; by: string } | null;
  }[];
  nextCursor: string | null;
}
interface Redrive {
  redriven: number;
  skipped: { id: string; reason: string }[];
  remaining?: number;
}

/** `verity dlq …`: returns the exit code (async: it talks to the gateway). Never throws. */
export async function dlqCommand(args: string[], io: Io): Promise<number> {
  try {
    return await run(args, io);
  } catch (e) {
    if (e instanceof DlqFailure) {
      io.stderr(`verity dlq: ${e.message}\n`);
      return e.code;
    }
    const code = (e as { code?: string }).code ?? '';
    if (e instanceof CliError || code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`verity dlq: ${(e as Error).message}\n`);
      return DLQ_EXIT.invalid;
    }
    io.stderr(`verity dlq: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return DLQ_EXIT.unexpected;
  }
}

async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
      after: { type: 'string' },
      ids: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, topic, ...extra] = positionals;
  if (values.help || sub === 'help') {
    io.stdout(DLQ_HELP);
    return DLQ_EXIT.ok;
  }
  if (!sub) throw new CliError(`dlq needs a subcommand\n\n${DLQ_HELP}`);
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
  const env = io.env ?? process.env;
  // The same gateway and token as every command: flags, then the environment, then `verity login`.
  const { base, token } = resolveAuth(values, env);
  if (!/^https?:\/\/[^/\s]+/.test(base)) throw new CliError(`--url must be an http(s) URL (got "${base}")`);
  const only = (allowed: string[]) => {
    for (const k of ['limit', 'after', 'ids', 'all'] as const) {
      if (values[k] !== undefined && !allowed.includes(k)) throw new CliError(`--${k} does not apply to "dlq ${sub}"`);
    }
  };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    if (!token) throw new DlqFailure('no token: pass --token or set VERITY_TOKEN, or run verity login (an admin’s bearer token)', DLQ_EXIT.notAllowed);
    return request<T>(io, base, token, method, path, body);
  };
  const needTopic = () => {
    if (!topic) throw new CliError(`dlq ${sub} needs a topic, e.g. content.v1`);
    return encodeURIComponent(topic);
  };

  switch (sub) {
    case 'list': {
      only([]);
      if (topic) throw new CliError(`unexpected argument "${topic}"`);
      const s = await call<Summary>('GET', '/v1/ops/dead-letters');
      if (values.json) io.stdout(`${JSON.stringify(s, null, 2)}\n`);
      else io.stdout(formatSummary(s));
      return DLQ_EXIT.ok;
    }
    case 'show': {
      only(['limit', 'after']);
      const path = needTopic();
      const limit = values.limit ?? '20';
      if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 200) throw new CliError('--limit must be an integer in [1, 200]');
      const q = new URLSearchParams({ limit });
      if (values.after) q.set('after', values.after);
      const page = await call<Page>('GET', `/v1/ops/dead-letters/${path}?${q}`);
      if (values.json) io.stdout(`${JSON.stringify(page, null, 2)}\n`);
      else io.stdout(formatPage(topic!, page));
      return DLQ_EXIT.ok;
    }
    case 'redrive': {
      only(['ids', 'all']);
      const path = needTopic();
      if ((values.ids === undefined) === (values.all === undefined)) throw new CliError('dlq redrive needs either --ids P:O,… or --all');
      let body: unknown = { all: true };
      if (values.ids !== undefined) {
        const ids = values.ids.split(',').map((s) => s.trim()).filter(Boolean);
        const bad = ids.find((id) => !/^\d+:\d+$/.test(id));
        if (ids.length === 0 || bad !== undefined) throw new CliError(`--ids must be a comma-separated list of <partition>:<offset>${bad ? ` (got "${bad}")` : ''}`);
        body = { ids };
      }
      const r = await call<Redrive>('POST', `/v1/ops/dead-letters/${path}/redrive`, body);
      if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else io.stdout(formatRedrive(topic!, r));
      return r.skipped.length > 0 || (r.remaining ?? 0) > 0 ? DLQ_EXIT.partial : DLQ_EXIT.ok;
    }
    default:
      throw new CliError(`unknown dlq subcommand "${sub}"\n\n${DLQ_HELP}`);
  }
}

async function request<T>(io: Io, base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  let r: GatewayAnswer;
  try {
    r = await callGateway(io, base, token, method, path, body, 120000);
  } catch (e) {
    if (e instanceof GatewayUnreachable) throw new DlqFailure(e.message, DLQ_EXIT.unavailable);
    throw e;
  }
  if (r.ok && r.json !== undefined) return r.json as T;
  const message = (r.json as { message?: unknown } | undefined)?.message;
  const why = `${r.status}${typeof message === 'string' ? `: ${message}` : ''}`;
  if (r.status === 401 || r.status === 403) throw new DlqFailure(`not allowed (${why}); the operations API is for admins`, DLQ_EXIT.notAllowed);
  if (r.status === 400 || r.status === 404) throw new DlqFailure(`refused (${why})`, DLQ_EXIT.invalid);
  if (r.ok) throw new DlqFailure(`the gateway answered ${r.status} without JSON`, DLQ_EXIT.unavailable);
  throw new DlqFailure(`the gateway failed (${why})`, DLQ_EXIT.unavailable);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function formatSummary(s: Summary): string {
  const rows = [['topic', 'count', 'newest', 'top reason']];
  for (const t of s.topics) {
    const top = t.reasons[0];
    rows.push([t.topic, String(t.count), t.newestAt ?? '-', top ? `${clip(top.reason, 80)} (${top.count})` : '-']);
  }
  const total = s.topics.reduce((n, t) => n + t.count, 0);
  return `${table(rows)}${total} dead letter${total === 1 ? '' : 's'} in ${s.topics.filter((t) => t.count > 0).length} topic(s)\n`;
}

export function formatPage(topic: string, p: Page): string {
  if (p.records.length === 0) return `no dead letters in ${topic}.dlq\n`;
  const lines: string[] = [];
  for (const r of p.records) {
    const from = `${r.origin.topic} ${r.origin.partition ?? '?'}/${r.origin.offset ?? '?'}${r.origin.consumerGroup ? ` (group ${r.origin.consumerGroup})` : ''}`;
    lines.push(`${r.id}  ${r.at}  key=${r.key ?? '-'}  from ${from}${r.projectId ? `  project ${r.projectId}` : ''}`);
    lines.push(`    reason:  ${clip(r.reason, 300)}`);
    if (r.encrypted) lines.push('    payload: (encrypted)');
    else if (r.payload === null) lines.push('    payload: (not shown: sensitive topic, or it does not decode)');
    else lines.push(`    payload: ${clip(JSON.stringify(r.payload), 300)}`);
    if (r.redriven) lines.push(`    redriven at ${r.redriven.at} by ${r.redriven.by}`);
  }
  if (p.nextCursor) lines.push(`older: verity dlq show ${topic} --after ${p.nextCursor}`);
  return `${lines.join('\n')}\n`;
}

export function formatRedrive(topic: string, r: Redrive): string {
  const lines = [`redriven ${r.redriven} to ${topic}${r.skipped.length ? `; skipped ${r.skipped.length}:` : ''}`];
  for (const s of r.skipped) lines.push(`  ${s.id}  ${s.reason}`);
  if ((r.remaining ?? 0) > 0) lines.push(`${r.remaining} not examined yet (one call redrives at most 10 000): run it again`);
  return `${lines.join('\n')}\n`;
}
