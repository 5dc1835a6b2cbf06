import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What `verity login` stores: the gateway it signed in to and the bearer token for it. */
export interface Credentials {
  url: string;
  token: string;
  /** `password` (a person's access token, which expires) or `api-key` (a machine's key). */
  kind: 'password' | 'api-key';
  /** Who: the e-mail of a person, the name of an API key. */
  who: string;
  savedAt: string;
  /** When a person's token expires (ISO time), from the gateway's expiresIn. */
  expiresAt?: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** `$VERITY_CONFIG_DIR`, else `$XDG_CONFIG_HOME/verity`, else `~/.config/verity`. */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.VERITY_CONFIG_DIR) return path.resolve(env.VERITY_CONFIG_DIR);
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME ?? os.homedir(), '.config');
  return path.join(xdg, 'verity');
}

export function credentialsPath(env: NodeJS.ProcessEnv): string {
  return path.join(configDir(env), 'credentials.json');
}

/** Writes the credentials file readable by its owner only (0600, in a 0700 directory), atomically. */
export function saveCredentials(env: NodeJS.ProcessEnv, c: Credentials): string {
  const file = credentialsPath(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(c, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600); // the umask may have narrowed it further; never wider
  fs.renameSync(tmp, file);
  return file;
}

/** The stored credentials, or undefined when there are none; a damaged file is an error naming it. */
export function loadCredentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  const file = credentialsPath(env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let c: Partial<Credentials>;
  try {
    c = JSON.parse(text) as Partial<Credentials>;
  } catch {
    throw new Error(`${file}: not JSON; run verity login again`);
  }
  if (typeof c.url !== 'string' || typeof c.token !== 'string') throw new Error(`${file}: no url or token; run verity login again`);
  return c as Credentials;
}

export function removeCredentials(env: NodeJS.ProcessEnv): boolean {
  try {
    fs.unlinkSync(credentialsPath(env));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

export const normalizeUrl = (u: string) => u.replace(/\/+$/, '');

export interface Auth {
  base: string;
  token: string | undefined;
  /** Where the token came from, for error messages. */
  from: 'flag' | 'env' | 'file' | 'none';
  /** When a stored person's token expires. */
  expiresAt?: string;
}

/**
 * The gateway and token of a command: `--url`, else `$VERITY_URL`, else the stored login's URL, else
 * the local default; `--token`, else `$VERITY_TOKEN`, else the stored login's token, which is only
 * sent to the gateway it was issued by.
 */
export function resolveAuth(flags: { url?: string; token?: string }, env: NodeJS.ProcessEnv): Auth {
  const url = flags.url ?? env.VERITY_URL;
  const given = flags.token ?? env.VERITY_TOKEN;
  // The stored login is read only when it is needed (a damaged file does not stop --url/--token).
  const stored = url !== undefined && given ? undefined : loadCredentials(env);
  const base = normalizeUrl(url ?? stored?.url ?? DEFAULT_URL);
  if (flags.token) return { base, token: flags.token, from: 'flag' };
  if (env.VERITY_TOKEN) return { base, token: env.VERITY_TOKEN, from: 'env' };
  if (stored && normalizeUrl(stored.url) === base) return { base, token: stored.token, from: 'file', ...(stored.expiresAt ? { expiresAt: stored.expiresAt } : {}) };
  return { base, token: undefined, from: 'none' };
}
