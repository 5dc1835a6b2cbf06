import { parseArgs } from 'node:util';
import { callGateway, GatewayUnreachable, type GatewayAnswer } from '../gateway-call';
import { resolveAuth } from '../credentials';
import { CliError, type Io } from '../io';

export const ERASE_HELP = `usage: verity erase --project P (--item ID | --source S --source-id ID)
       verity erase --project P --list

  Erases an item's content from the platform (its text, payloads and every service's copies;
  its labels get an EXCLUDED version, past releases are marked), by item id or by the upstream
  source and source id. Project managers of the project and admins. Prints the erasure id; the
  services carry it out in the background: --list shows every request of the project and its status.

  --url URL      the gateway (default $VERITY_URL, else the one you logged in to, else http://127.0.0.1:8080)
  --token T      a bearer token (default $VERITY_TOKEN, else the one \`verity login\` stored)
  --json         print the gateway's JSON answer as it is

Exit codes: 0 done; 2 bad usage or refused as invalid (400); 3 not allowed (no token, 401, 403)
or no such project (404); 4 gateway unreachable or failing (5xx); 1 unexpected.
`;

export const ERASE_EXIT = { ok: 0, unexpected: 1, invalid: 2, notAllowed: 3, unavailable: 4 } as const;

class EraseFailure extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface Erasure {
  erasureId: string;
  itemId: string | null;
  source: string | null;
  sourceId: string | null;
  requestedBy: string;
  requestedAt: string;
  status: string;
  itemIds: string[] | null;
}

/** `verity erase …`: returns the exit code. Never throws. */
export async function eraseCommand(args: string[], io: Io): Promise<number> {
  try {
    return await run(args, io);
  } catch (e) {
    if (e instanceof EraseFailure) {
      io.stderr(`verity erase: ${e.message}\n`);
      return e.code;
    }
    const code = (e as { code?: string }).code ?? '';
    if (e instanceof CliError || code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`verity erase: ${(e as Error).message}\n`);
      return ERASE_EXIT.invalid;
    }
    io.stderr(`verity erase: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return ERASE_EXIT.unexpected;
  }
}

async function run(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      project: { type: 'string' },
      item: { type: 'string' },
      source: { type: 'string' },
      'source-id': { type: 'string' },
      list: { type: 'boolean' },
      url: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(ERASE_HELP);
    return ERASE_EXIT.ok;
  }
  if (!values.project) throw new CliError(`--project is required\n\n${ERASE_HELP}`);
  const byItem = values.item !== undefined;
  const bySource = values.source !== undefined || values['source-id'] !== undefined;
  if (values.list && (byItem || bySource)) throw new CliError('--list takes no --item, --source or --source-id');
  if (!values.list) {
    if (byItem === bySource) throw new CliError('give --item, or --source and --source-id');
    if (bySource && (!values.source || !values['source-id'])) throw new CliError('--source and --source-id go together');
  }
  const env = io.env ?? process.env;
  // The same gateway and token as every command: flags, then the environment, then `verity login`.
  const { base, token } = resolveAuth(values, env);
  if (!/^https?:\/\/[^/\s]+/.test(base)) throw new CliError(`--url must be an http(s) URL (got "${base}")`);
  if (!token) throw new EraseFailure('no token: pass --token or set VERITY_TOKEN, or run verity login', ERASE_EXIT.notAllowed);
  const path = `/v1/projects/${encodeURIComponent(values.project)}/erasures`;

  if (values.list) {
    const r = await request<{ erasures: Erasure[] }>(io, base, token, 'GET', path);
    if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
    else io.stdout(formatList(r.erasures));
    return ERASE_EXIT.ok;
  }
  const body = byItem ? { itemId: values.item } : { source: values.source, sourceId: values['source-id'] };
  const r = await request<{ erasureId: string; status: string }>(io, base, token, 'POST', path, body);
  if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
  else io.stdout(`erasure ${r.erasureId} accepted (${r.status}); follow it with: verity erase --project ${values.project} --list\n`);
  return ERASE_EXIT.ok;
}

async function request<T>(io: Io, base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  let r: GatewayAnswer;
  try {
    r = await callGateway(io, base, token, method, path, body, 60000);
  } catch (e) {
    if (e instanceof GatewayUnreachable) throw new EraseFailure(e.message, ERASE_EXIT.unavailable);
    throw e;
  }
  if (r.ok && r.json !== undefined) return r.json as T;
  const { why } = r;
  if (r.status === 400) throw new EraseFailure(`refused (${why})`, ERASE_EXIT.invalid);
  if (r.status === 401 || r.status === 403 || r.status === 404) {
    throw new EraseFailure(`not allowed (${why}); erasure is for the project's managers and admins`, ERASE_EXIT.notAllowed);
  }
  throw new EraseFailure(`the gateway failed (${why})`, ERASE_EXIT.unavailable);
}

export function formatList(erasures: Erasure[]): string {
  if (erasures.length === 0) return 'no erasure requests\n';
  const rows = [['erasure', 'requested at', 'by', 'what', 'status', 'items']];
  for (const e of erasures) {
    const what = e.itemId ? `item ${e.itemId}` : `${e.source}:${e.sourceId}`;
    rows.push([e.erasureId, e.requestedAt, e.requestedBy, what, e.status, e.itemIds === null ? '-' : String(e.itemIds.length)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}
