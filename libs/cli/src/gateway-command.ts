import { type Auth, resolveAuth } from './credentials';
import { CommandFailure, EXIT } from './exit-codes';
import { callGateway, fetchGateway, GatewayUnreachable, readAnswer, type GatewayAnswer, type RawBody } from './gateway-call';
import { CliError, type Io } from './io';

/** The options every gateway command takes (for node:util parseArgs). */
export const GATEWAY_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const GATEWAY_OPTIONS_HELP = `  --url URL      the gateway (default $VERITY_URL, else the one you logged in to, else http://127.0.0.1:8080)
  --token T      a bearer token or API key (default $VERITY_TOKEN, else the one \`verity login\` stored)
  --json         print JSON (one document, or JSON lines for streams) instead of text`;

/**
 * Runs one everyday command: returns its exit code (see EXIT), never throws. Usage errors print
 * with the command's name; failures print their message; anything else is unexpected (1).
 */
export async function runCommand(name: string, io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CommandFailure) {
      io.stderr(`verity ${name}: ${e.message}\n`);
      return e.code;
    }
    const code = (e as { code?: string }).code ?? '';
    if (e instanceof CliError || code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`verity ${name}: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
    io.stderr(`verity ${name}: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.failed;
  }
}

/** The exit code a gateway refusal means. */
export function exitCodeOf(status: number): number {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 400 || status === 409 || status === 413 || status === 422) return EXIT.invalid;
  return EXIT.failed;
}

/** What to do about a 401, by where the token came from. */
const TOKEN_HINT: Record<Auth['from'], string> = {
  file: ' (the stored login expired or was revoked: run verity login)',
  env: ' (check $VERITY_TOKEN)',
  flag: ' (check --token)',
  none: '',
};

/** Field errors of a refusal, one per line, for the user to fix their file. */
export function refusal(what: string, a: GatewayAnswer, tokenFrom: Auth['from'] = 'none'): CommandFailure {
  const message = (a.json as { message?: unknown } | undefined)?.message;
  const errors = (a.json as { errors?: { field: string; reason: string }[] } | undefined)?.errors ?? [];
  const head = `${what}: ${a.status}${typeof message === 'string' ? ` ${message}` : ''}`;
  const hint = a.status === 401 ? TOKEN_HINT[tokenFrom] : '';
  return new CommandFailure([head + hint, ...errors.map((e) => `  ${e.field}: ${e.reason}`)].join('\n'), exitCodeOf(a.status));
}

/** An authenticated connection to the gateway for one command. */
export class Gateway {
  constructor(
    private readonly io: Io,
    readonly auth: Auth & { token: string },
    private readonly timeoutMs = 60000,
  ) {}

  get base(): string {
    return this.auth.base;
  }

  /** A JSON call; a refusal throws a CommandFailure with its exit code, `what` naming the action. */
  async call<T>(what: string, method: string, path: string, body?: unknown): Promise<T> {
    const a = await this.unreachableIsFailure(() => callGateway(this.io, this.auth.base, this.auth.token, method, path, body, this.timeoutMs));
    if (!a.ok) throw refusal(what, a, this.auth.from);
    if (a.json === undefined) throw new CommandFailure(`${what}: the gateway answered ${a.status} without JSON`, EXIT.failed);
    return a.json as T;
  }

  /** A call with a body sent as it is (e.g. JSON lines); the answer whatever its status (only unreachable throws). */
  async send(method: string, path: string, body: RawBody): Promise<GatewayAnswer> {
    return this.unreachableIsFailure(async () => readAnswer(await fetchGateway(this.io, this.auth.base, this.auth.token, method, path, body, this.timeoutMs)));
  }

  /** A GET whose answer is a file: its bytes. */
  async download(what: string, path: string): Promise<Buffer> {
    const res = await this.unreachableIsFailure(() => fetchGateway(this.io, this.auth.base, this.auth.token, 'GET', path, undefined, this.timeoutMs));
    if (!res.ok) throw refusal(what, await readAnswer(res), this.auth.from);
    return Buffer.from(await res.arrayBuffer());
  }

  private async unreachableIsFailure<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof GatewayUnreachable) throw new CommandFailure(e.message, EXIT.unreachable);
      throw e;
    }
  }
}

/** The gateway of a command from its --url/--token flags, the environment and the stored login. */
export function connectGateway(flags: { url?: string; token?: string }, io: Io, timeoutMs?: number): Gateway {
  const auth = resolveAuthChecked(flags, io);
  if (!auth.token) throw new CommandFailure(`not signed in to ${auth.base}: run verity login, pass --token or set VERITY_TOKEN`, EXIT.auth);
  if (auth.expiresAt && Date.parse(auth.expiresAt) <= Date.now()) {
    throw new CommandFailure(`the stored login for ${auth.base} expired at ${auth.expiresAt}: run verity login`, EXIT.auth);
  }
  return new Gateway(io, { ...auth, token: auth.token }, timeoutMs);
}

export function resolveAuthChecked(flags: { url?: string; token?: string }, io: Io): Auth {
  let auth: Auth;
  try {
    auth = resolveAuth(flags, io.env ?? process.env);
  } catch (e) {
    throw new CommandFailure((e as Error).message, EXIT.auth);
  }
  if (!/^https?:\/\/[^/\s]+/.test(auth.base)) throw new CliError(`--url must be an http(s) URL (got "${auth.base}")`);
  return auth;
}

/** Prints a value as JSON (with --json) or as the text a formatter makes of it. */
export function print<T>(io: Io, json: boolean | undefined, value: T, text: (v: T) => string): void {
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : text(value));
}

/** Rows aligned in columns, two spaces apart. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}
