import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configDir, credentialsPath, EXIT, loadCredentials, loginWithStdin, resolveAuth, saveCredentials } from '../src';
import { harness } from './fake-gateway';

// Where `verity login` keeps the token, who may read it, and which commands use it for which gateway.

const creds = { url: 'http://gw:8080', token: 'stored-token', kind: 'password' as const, who: 'pm@x', savedAt: '2026-01-01T00:00:00.000Z' };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'verity-cred-'));

describe('credentials file', () => {
  it('lives in $VERITY_CONFIG_DIR, else $XDG_CONFIG_HOME/verity, else ~/.config/verity', () => {
    expect(configDir({ VERITY_CONFIG_DIR: '/a/b', XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/a/b');
    expect(configDir({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/verity');
    expect(configDir({ XDG_CONFIG_HOME: 'relative', HOME: '/h' })).toBe('/h/.config/verity'); // XDG: relative paths are ignored
    expect(configDir({ HOME: '/h' })).toBe('/h/.config/verity');
  });

  it('is written 0600 in a 0700 directory, even over a file that was readable by others', () => {
    const env = { XDG_CONFIG_HOME: tmp() };
    fs.mkdirSync(configDir(env), { recursive: true });
    fs.writeFileSync(credentialsPath(env), '{}', { mode: 0o644 });
    const old = process.umask(0);
    try {
      saveCredentials(env, creds);
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(credentialsPath(env)).mode & 0o777).toBe(0o600);
    expect(loadCredentials(env)).toEqual(creds);
    const fresh = { VERITY_CONFIG_DIR: path.join(tmp(), 'new') };
    saveCredentials(fresh, creds);
    expect(fs.statSync(configDir(fresh)).mode & 0o777).toBe(0o700);
  });

  it('gives flags, then the environment, then the stored login; the stored token only to its own gateway', () => {
    const env = { VERITY_CONFIG_DIR: tmp() };
    expect(resolveAuth({}, env)).toEqual({ base: 'http://127.0.0.1:8080', token: undefined, from: 'none' });
    saveCredentials(env, creds);
    expect(resolveAuth({}, env)).toEqual({ base: 'http://gw:8080', token: 'stored-token', from: 'file' });
    expect(resolveAuth({ url: 'http://gw:8080/' }, env).token).toBe('stored-token');
    expect(resolveAuth({ url: 'http://elsewhere:8080' }, env)).toEqual({ base: 'http://elsewhere:8080', token: undefined, from: 'none' });
    expect(resolveAuth({}, { ...env, VERITY_TOKEN: 'env-token' })).toMatchObject({ token: 'env-token', from: 'env' });
    expect(resolveAuth({ token: 'flag-token' }, { ...env, VERITY_TOKEN: 'env-token' })).toMatchObject({ token: 'flag-token', from: 'flag' });
  });

  it('names a damaged file', () => {
    const env = { VERITY_CONFIG_DIR: tmp() };
    fs.writeFileSync(credentialsPath(env), 'not json');
    expect(() => resolveAuth({}, env)).toThrow(`${credentialsPath(env)}: not JSON; run verity login again`);
    expect(resolveAuth({ url: 'http://gw', token: 't' }, env).token).toBe('t'); // not read when not needed
  });
});

describe('verity login / logout', () => {
  it('signs in with e-mail and password from stdin, stores the token 0600, and later commands use it', async () => {
    const h = harness((c) => {
      if (c.path === '/v1/auth/token') return { status: 200, body: { accessToken: 'jwt-1', tokenType: 'Bearer', expiresIn: 3600 } };
      if (c.path === '/v1/projects/p1/releases') return { status: 200, body: { releases: [] } };
      return { status: 404, body: { message: 'no' } };
    });
    expect(await loginWithStdin(['--url', 'http://gw:9/', '--email', 'pm@x', '--password-stdin'], h.io, 'secret pw\n')).toBe(EXIT.ok);
    expect(JSON.parse(h.calls[0].body!)).toEqual({ email: 'pm@x', password: 'secret pw' });
    expect(h.calls[0].authorization).toBeUndefined();
    const file = path.join(h.configDir, 'credentials.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ url: 'http://gw:9', token: 'jwt-1', kind: 'password', who: 'pm@x' });
    expect(h.stdout()).toContain('logged in to http://gw:9 as pm@x');
    expect(h.stdout()).not.toContain('jwt-1');

    expect(await h.run('release', 'list', 'p1')).toBe(EXIT.ok);
    expect(h.calls[1]).toMatchObject({ url: 'http://gw:9/v1/projects/p1/releases', authorization: 'Bearer jwt-1' });

    expect(await h.run('logout')).toBe(EXIT.ok);
    expect(fs.existsSync(file)).toBe(false);
    expect(await h.run('release', 'list', 'p1')).toBe(EXIT.auth);
    expect(h.stderr()).toContain('not signed in to http://127.0.0.1:8080: run verity login');
  });

  it('says when the stored login expired, and what to do about a refused token by where it came from', async () => {
    const h = harness(() => ({ status: 401, body: { message: 'invalid or expired token' } }));
    saveCredentials(h.io.env!, { ...creds, url: 'http://127.0.0.1:8080', expiresAt: '2000-01-01T00:00:00.000Z' });
    expect(await h.run('status', 'p1')).toBe(EXIT.auth);
    expect(h.stderr()).toContain('the stored login for http://127.0.0.1:8080 expired at 2000-01-01T00:00:00.000Z: run verity login');
    expect(h.calls).toEqual([]);
    saveCredentials(h.io.env!, { ...creds, url: 'http://127.0.0.1:8080' });
    expect(await h.run('status', 'p1')).toBe(EXIT.auth);
    expect(h.stderr()).toContain('project p1: 401 invalid or expired token (the stored login expired or was revoked: run verity login)');
    expect(await h.run('status', 'p1', '--token', 'x')).toBe(EXIT.auth);
    expect(h.stderr()).toContain('401 invalid or expired token (check --token)');
  });

  it('checks an API key with GET /v1/me before storing it', async () => {
    const h = harness((c) => (c.authorization === 'Bearer vk_good' ? { status: 200, body: { kind: 'api_key', id: 'key-7', roles: ['producer'], projectIds: [] } } : { status: 401, body: { message: 'invalid token' } }));
    expect(await loginWithStdin(['--api-key-stdin'], h.io, 'vk_bad\n')).toBe(EXIT.auth);
    expect(fs.existsSync(path.join(h.configDir, 'credentials.json'))).toBe(false);
    expect(await loginWithStdin(['--api-key-stdin'], h.io, 'vk_good\n')).toBe(EXIT.ok);
    expect(h.calls.map((c) => c.path)).toEqual(['/v1/me', '/v1/me']);
    expect(JSON.parse(fs.readFileSync(path.join(h.configDir, 'credentials.json'), 'utf8'))).toMatchObject({ token: 'vk_good', kind: 'api-key', who: 'api key key-7' });
  });

  it('exits 4 on a wrong password and stores nothing; 3 when the gateway is down', async () => {
    const wrong = harness(() => ({ status: 401, body: { message: 'invalid e-mail or password' } }), { VERITY_PASSWORD: 'nope' });
    expect(await wrong.run('login', '--email', 'a@b')).toBe(EXIT.auth);
    expect(wrong.stderr()).toContain('invalid e-mail or password');
    expect(fs.readdirSync(wrong.configDir)).toEqual([]);
    const down = harness(() => Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), { VERITY_PASSWORD: 'pw' });
    expect(await down.run('login', '--email', 'a@b')).toBe(EXIT.unreachable);
  });

  it.each([
    [['login'], 'give --email (with a password) or an API key'],
    [['login', '--email', 'a@b'], 'no password: pipe it with --password-stdin or set VERITY_PASSWORD'],
    [['login', '--email', 'a@b', 'hunter2'], 'a password or key is never an argument'],
    [['login', '--email', 'a@b', '--url', 'ftp://x'], '--url must be an http(s) URL'],
  ])('refuses %j with exit 2 before calling the gateway', async (argv, message) => {
    const h = harness(() => ({ status: 200, body: {} }));
    expect(await h.run(...argv)).toBe(EXIT.usage);
    expect(h.calls).toEqual([]);
    expect(h.stderr()).toContain(message);
  });
});
