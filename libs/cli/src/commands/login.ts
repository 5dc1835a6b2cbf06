import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { credentialsPath, removeCredentials, saveCredentials, type Credentials } from '../credentials';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { Gateway, print, resolveAuthChecked, runCommand } from '../gateway-command';
import { CliError, type Io } from '../io';
import { canPrompt, promptSecret } from '../secret-prompt';

export const LOGIN_HELP = `usage: verity login [--url URL] --email E [--password-stdin]
       verity login [--url URL] --api-key-stdin
       verity logout

  Signs in once, for every command after it: with a person's e-mail and password (from stdin
  with --password-stdin, else $VERITY_PASSWORD, else asked without echo on a terminal; never as
  an argument), or with a machine API key (from stdin with --api-key-stdin, else
  $VERITY_API_KEY). The gateway checks it (GET /v1/me) before anything is stored. The token is
  stored in $VERITY_CONFIG_DIR, else $XDG_CONFIG_HOME/verity, else ~/.config/verity:
  credentials.json, readable by you only (0600), and sent only to the gateway that issued it.
  --url, --token or $VERITY_TOKEN on a later command win over it. A person's token expires
  (JWT_TTL_SECONDS): log in again then. \`verity logout\` deletes the file.

  --url URL      the gateway (default $VERITY_URL, else http://127.0.0.1:8080)
  --json         print what was stored (without the token) as JSON

${EXIT_CODES_HELP}
`;

interface Me {
  kind: 'user' | 'api_key';
  id: string;
  email?: string;
  roles: string[];
}

/** `verity login`: returns the exit code. */
export function loginCommand(args: string[], io: Io): Promise<number> {
  return runCommand('login', io, () => login(args, io));
}

/** `verity logout`: deletes the stored credentials. */
export function logoutCommand(args: string[], io: Io): Promise<number> {
  return runCommand('logout', io, async () => {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(LOGIN_HELP);
      return EXIT.ok;
    }
    if (args.length > 0) throw new CliError(`unexpected argument "${args[0]}"`);
    const env = io.env ?? process.env;
    io.stdout(removeCredentials(env) ? `removed ${credentialsPath(env)}\n` : 'not logged in\n');
    return EXIT.ok;
  });
}

function readStdin(): string {
  return fs.readFileSync(0, 'utf8');
}

async function login(args: string[], io: Io, stdin: () => string = readStdin): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      email: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'api-key-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(LOGIN_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}" (a password or key is never an argument: use stdin)`);
  const env = io.env ?? process.env;
  const byKey = values['api-key-stdin'] === true || (values.email === undefined && env.VERITY_API_KEY !== undefined);
  if (byKey === (values.email !== undefined)) throw new CliError(`give --email (with a password) or an API key\n\n${LOGIN_HELP}`);
  if (values['password-stdin'] && values['api-key-stdin']) throw new CliError('--password-stdin and --api-key-stdin do not go together');
  // The stored login is not used to sign in: only --url, $VERITY_URL or the default.
  const { base } = resolveAuthChecked({ url: values.url ?? env.VERITY_URL ?? 'http://127.0.0.1:8080', token: 'unused' }, io);

  let saved: Credentials;
  if (byKey) {
    const key = (values['api-key-stdin'] ? stdin() : (env.VERITY_API_KEY ?? '')).trim();
    if (!key) throw new CliError('the API key is empty');
    const me = await new Gateway(io, { base, token: key, from: 'flag' }).call<Me>('checking the API key', 'GET', '/v1/me');
    saved = { url: base, token: key, kind: 'api-key', who: `api key ${me.id}`, savedAt: new Date().toISOString() };
  } else {
    // A person at a terminal is asked (no echo); scripts pipe it or set the environment.
    const ask = io.env === undefined && canPrompt();
    const password = values['password-stdin'] ? stdin().replace(/\r?\n$/, '') : (env.VERITY_PASSWORD ?? (ask ? await promptSecret(`password for ${values.email}: `) : undefined));
    if (!password) throw new CliError('no password: pipe it with --password-stdin or set VERITY_PASSWORD');
    const anonymous = new Gateway(io, { base, token: '', from: 'none' });
    const t = await anonymous.call<{ accessToken: string; expiresIn: number }>('signing in', 'POST', '/v1/auth/token', { email: values.email, password });
    saved = {
      url: base,
      token: t.accessToken,
      kind: 'password',
      who: values.email!,
      savedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + t.expiresIn * 1000).toISOString(),
    };
  }
  const file = saveCredentials(env, saved);
  const { token: _secret, ...shown } = saved;
  print(io, values.json, { ...shown, file }, (s) => `logged in to ${s.url} as ${s.who}${s.expiresAt ? ` until ${s.expiresAt}` : ''}; token stored in ${s.file} (0600)\n`);
  return EXIT.ok;
}

/** For tests: login with a given stdin. */
export function loginWithStdin(args: string[], io: Io, stdin: string): Promise<number> {
  return runCommand('login', io, () => login(args, io, () => stdin));
}
