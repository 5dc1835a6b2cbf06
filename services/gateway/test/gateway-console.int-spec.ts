import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectEventHandlers } from '@verity/service-runtime';
import { loadConfig } from '@verity/config';
import { uniqueName } from '@verity/testing';
import { GatewayModule } from '../src/gateway.module';
import { gatewayConfigShape } from '../src/gateway.settings';

// The web console's side of the gateway, in-process against the real stack: the session cookie
// and its CSRF checks, the locale preference, and the console's files with their headers.

const run = uniqueName('gwc');
const secret = process.env.JWT_SECRET ?? 'x'.repeat(48);
const adminEmail = `admin-${run}@it.verity`;
const password = 'correct horse battery staple';
const TTL = 900;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const NAVIGATION = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';
const APP_JS = 'console.log("the console");';

let tmp: string;
let consoleDir: string;
const apps: INestApplication[] = [];
let base: string;
let origin: string;
let admin: string;

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

async function call<T = Record<string, unknown>>(
  method: string,
  p: string,
  opts: { body?: unknown; headers?: Record<string, string>; on?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${opts.on ?? base}${p}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), redirect: 'manual' });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: body as T, headers: r.headers, text };
}

/** A request with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(p: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: p, method: 'GET', headers: { accept: NAVIGATION } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function startGateway(env: Record<string, string>): Promise<string> {
  const config = loadConfig('gateway', gatewayConfigShape, {
    ...process.env,
    JWT_SECRET: secret,
    JWT_TTL_SECONDS: String(TTL),
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: password,
    ...env,
  });
  const app = await NestFactory.create(GatewayModule.register(config), { logger: ['error'] });
  await connectEventHandlers(app);
  apps.push(app);
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

function sessionCookieOf(a: Answer<unknown>): string {
  const line = a.headers.getSetCookie().find((c) => c.startsWith('verity_session='));
  expect(line).toBeDefined();
  return line!;
}

/** The Cookie request header a browser would send back for this Set-Cookie line. */
const cookieFrom = (setCookie: string) => setCookie.split(';')[0];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'verity-console-'));
  consoleDir = path.join(tmp, 'dist');
  mkdirSync(path.join(consoleDir, 'assets'), { recursive: true });
  writeFileSync(path.join(consoleDir, 'index.html'), INDEX);
  writeFileSync(path.join(consoleDir, 'assets/app.js'), APP_JS);
  writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET outside the console folder');
  base = await startGateway({ CONSOLE_DIR: consoleDir });
  origin = base;
  const t = await call<{ accessToken: string }>('POST', '/v1/auth/token', { body: { email: adminEmail, password } });
  expect(t.status).toBe(200);
  admin = t.body.accessToken;
});

afterAll(async () => {
  for (const app of apps) await app.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A new person, signed in to the console: their session cookie (request form) and id. */
async function signedIn(name: string): Promise<{ cookie: string; id: string; email: string }> {
  const email = `${name}-${run}@it.verity`;
  const created = await call<{ id: string }>('POST', '/v1/users', { headers: { authorization: `Bearer ${admin}` }, body: { email, displayName: name, password, roles: ['annotator'] } });
  expect(created.status).toBe(201);
  const s = await call('POST', '/v1/auth/session', { body: { email, password } });
  expect(s.status).toBe(200);
  return { cookie: cookieFrom(sessionCookieOf(s)), id: created.body.id, email };
}

describe('console session (cookie)', () => {
  it('signs in: HttpOnly SameSite=Strict cookie for the whole origin, lasting the token lifetime, and the account', async () => {
    const email = `ann-${run}@it.verity`;
    await call('POST', '/v1/users', { headers: { authorization: `Bearer ${admin}` }, body: { email, displayName: 'Ann', password, roles: ['annotator'] } });
    const before = Date.now();
    const r = await call<{ user: Record<string, unknown>; expiresAt: string }>('POST', '/v1/auth/session', { body: { email, password }, headers: { origin } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.user).sort()).toEqual(['displayName', 'email', 'id', 'locale', 'roles']);
    expect(r.body.user).toMatchObject({ email, displayName: 'Ann', roles: ['annotator'], locale: null });
    const expires = Date.parse(r.body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + TTL * 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + TTL * 1000);
    const line = sessionCookieOf(r);
    const attrs = line.split(';').map((s) => s.trim());
    expect(attrs[0]).toMatch(/^verity_session=[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(attrs.slice(1)).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${TTL}`]));
    expect(attrs).not.toContain('Secure'); // SESSION_COOKIE_SECURE defaults to false (local http)
    expect(r.headers.get('cache-control')).toBe('no-store');

    const me = await call<{ email: string; kind: string; locale: null }>('GET', '/v1/me', { headers: { cookie: `theme=dark; ${cookieFrom(line)}` } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', email, locale: null });
  });

  it('refuses wrong credentials with the same generic 401 as /v1/auth/token, and sets no cookie', async () => {
    const r = await call('POST', '/v1/auth/session', { body: { email: adminEmail, password: 'not the password' } });
    expect(r.status).toBe(401);
    expect(r.body.message).toBe('invalid e-mail or password');
    expect(r.headers.getSetCookie()).toEqual([]);
    const bad = await call<{ errors: { field: string }[] }>('POST', '/v1/auth/session', { body: { email: adminEmail } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['password']);
  });

  it('refuses a sign-in posted from another site (Origin), before looking at the credentials', async () => {
    const r = await call('POST', '/v1/auth/session', { body: { email: adminEmail, password }, headers: { origin: 'https://evil.example' } });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(r.body.message).toMatch(/^cross-site request refused: /);
    expect(r.headers.getSetCookie()).toEqual([]);
  });

  it('refuses an unsafe request by the cookie without X-Verity-Csrf (403 in the API error shape)', async () => {
    const { cookie } = await signedIn('nocsrf');
    const r = await call('PATCH', '/v1/me', { headers: { cookie }, body: { locale: 'fr' } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.stringMatching(/^cross-site request refused: .*X-Verity-Csrf/) });
    // Nothing changed.
    expect((await call<{ locale: unknown }>('GET', '/v1/me', { headers: { cookie } })).body.locale).toBeNull();
    // Also on the API's other unsafe routes (here a forwarded-free admin route).
    expect((await call('POST', '/v1/projects', { headers: { cookie }, body: { name: 'x', contentTypes: ['text'] } })).status).toBe(403);
  });

  it('refuses an unsafe request by the cookie from a foreign Origin even with the header', async () => {
    const { cookie } = await signedIn('foreign');
    for (const o of ['https://evil.example', 'null', base.replace('127.0.0.1', 'localhost')]) {
      const r = await call('PATCH', '/v1/me', { headers: { cookie, 'x-verity-csrf': '1', origin: o }, body: { locale: 'fr' } });
      expect({ o, status: r.status }).toEqual({ o, status: 403 });
      expect(r.body.message).toMatch(/^cross-site request refused: origin /);
    }
  });

  it('PATCH /v1/me sets the locale (persisted), by cookie with the header and own Origin', async () => {
    const { cookie, email } = await signedIn('polyglot');
    const r = await call<{ locale: string; email: string }>('PATCH', '/v1/me', { headers: { cookie, 'x-verity-csrf': '1', origin }, body: { locale: 'fr' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'user', email, locale: 'fr' });
    expect((await call<{ locale: string }>('GET', '/v1/me', { headers: { cookie } })).body.locale).toBe('fr');
    // A later sign-in carries it.
    const again = await call<{ user: { locale: string } }>('POST', '/v1/auth/session', { body: { email, password } });
    expect(again.body.user.locale).toBe('fr');
  });

  it('PATCH /v1/me refuses an unknown locale or another field with a 400 naming it', async () => {
    const { cookie } = await signedIn('badlocale');
    const h = { cookie, 'x-verity-csrf': '1' };
    const r = await call<{ errors: { field: string }[] }>('PATCH', '/v1/me', { headers: h, body: { locale: 'de' } });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e) => e.field)).toEqual(['locale']);
    const extra = await call<{ errors: { field: string }[]; message: string }>('PATCH', '/v1/me', { headers: h, body: { locale: 'en', roles: ['admin'] } });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toMatch(/roles/);
  });

  it('leaves bearer callers alone: no CSRF header needed, whatever the Origin; API keys have no locale (403)', async () => {
    const r = await call<{ locale: string }>('PATCH', '/v1/me', { headers: { authorization: `Bearer ${admin}`, origin: 'https://elsewhere.example' }, body: { locale: 'en' } });
    expect(r.status).toBe(200);
    expect(r.body.locale).toBe('en');
    const key = await call<{ token: string }>('POST', '/v1/api-keys', { headers: { authorization: `Bearer ${admin}` }, body: { name: `k ${run}`, roles: ['consumer'] } });
    expect(key.status).toBe(201);
    expect((await call('PATCH', '/v1/me', { headers: { 'x-api-key': key.body.token }, body: { locale: 'en' } })).status).toBe(403);
  });

  it('refuses a forged or expired session cookie (401)', async () => {
    const { cookie } = await signedIn('forger');
    const forged = cookie.replace(/\.[\w-]+$/, '.AAAA');
    expect((await call('GET', '/v1/me', { headers: { cookie: forged } })).status).toBe(401);
    expect((await call('GET', '/v1/me', { headers: { cookie: 'verity_session=not-a-jwt' } })).status).toBe(401);
  });

  it('signs out: 204 and the cookie cleared (Max-Age=0), with or without a session', async () => {
    const { cookie } = await signedIn('leaver');
    const out = await call('DELETE', '/v1/auth/session', { headers: { cookie, 'x-verity-csrf': '1' } });
    expect(out.status).toBe(204);
    const cleared = sessionCookieOf(out).split(';').map((s) => s.trim());
    expect(cleared[0]).toBe('verity_session=');
    expect(cleared).toEqual(expect.arrayContaining(['Max-Age=0', 'Path=/', 'HttpOnly', 'SameSite=Strict']));
    const none = await call('DELETE', '/v1/auth/session');
    expect(none.status).toBe(204);
    expect(sessionCookieOf(none)).toMatch(/Max-Age=0/);
    expect((await call('DELETE', '/v1/auth/session', { headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('needs credentials without a cookie, naming the session among the ways in', async () => {
    const r = await call('GET', '/v1/me');
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/session/);
  });
});

describe('console files', () => {
  const expectConsoleHeaders = (h: Headers) => {
    expect(h.get('content-security-policy')).toBe(CSP);
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('x-frame-options')).toBe('DENY');
  };

  it('serves index.html at / with the CSP and security headers, revalidated every time', async () => {
    const r = await call('GET', '/');
    expect(r.status).toBe(200);
    expect(r.text).toBe(INDEX);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expectConsoleHeaders(r.headers);
  });

  it('serves assets with their type, cached for good', async () => {
    const r = await call('GET', '/assets/app.js');
    expect(r.status).toBe(200);
    expect(r.text).toBe(APP_JS);
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectConsoleHeaders(r.headers);
    const head = await call('HEAD', '/assets/app.js');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(APP_JS)));
  });

  it('answers an unknown asset 404, never with the page', async () => {
    const r = await call('GET', '/assets/missing.js', { headers: { accept: NAVIGATION } });
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('<html');
    expectConsoleHeaders(r.headers);
  });

  it('falls back to index.html for a console page (SPA route) a browser navigates to', async () => {
    const r = await call('GET', '/work/abc', { headers: { accept: NAVIGATION } });
    expect(r.status).toBe(200);
    expect(r.text).toBe(INDEX);
    expectConsoleHeaders(r.headers);
    // A data request for the same path is not a navigation: no page.
    expect((await call('GET', '/work/abc', { headers: { accept: 'application/json' } })).status).toBe(404);
  });

  it('leaves the API its JSON 404 for /v1/unknown, even for a browser navigation', async () => {
    const r = await call<{ statusCode: number }>('GET', '/v1/unknown', { headers: { accept: NAVIGATION } });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body.statusCode).toBe(404);
    expect(r.text).not.toContain('<html');
  });

  it.each([
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/assets/app.js%00.png',
    '/assets/..%5c..%5csecret.txt',
  ])('refuses the traversal %s', async (p) => {
    const r = await rawGet(p);
    expect(r.status).toBe(400);
    expect(r.body).not.toContain('TOP SECRET');
    expect(r.headers['content-security-policy']).toBe(CSP);
  });

  it('adds nosniff to API responses too, and keeps the console CSP off them', async () => {
    const me = await call('GET', '/v1/me', { headers: { authorization: `Bearer ${admin}` } });
    expect(me.status).toBe(200);
    expect(me.headers.get('x-content-type-options')).toBe('nosniff');
    expect(me.headers.get('content-security-policy')).toBeNull();
    const malformed = await fetch(`${base}/v1/projects`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-content-type-options')).toBe('nosniff');
    const health = await call('GET', '/healthz', { headers: { accept: NAVIGATION } });
    expect(health.status).toBe(200);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps Swagger UI working at /docs (its inline script needs no console CSP)', async () => {
    const r = await call('GET', '/docs', { headers: { accept: NAVIGATION } });
    expect(r.status).toBe(200);
    expect(r.text).toContain('SwaggerUIBundle');
    expect(r.headers.get('content-security-policy')).toBeNull();
    expect((await call('GET', '/docs/swagger-ui.css')).status).toBe(200);
    expect((await call('GET', '/openapi.json', { headers: { accept: NAVIGATION } })).status).toBe(200);
  });

  it('answers 503 naming the build command while index.html is missing, and serves the new build at once', async () => {
    const index = path.join(consoleDir, 'index.html');
    renameSync(index, `${index}.away`);
    try {
      const r = await call('GET', '/');
      expect(r.status).toBe(503);
      expect(r.text).toBe('console not built: run npm run console:build');
    } finally {
      renameSync(`${index}.away`, index);
    }
    expect((await call('GET', '/')).status).toBe(200);
  });
});

describe('a gateway without a console build, reached over TLS (SESSION_COOKIE_SECURE)', () => {
  it('starts, answers / with 503, serves the API, and marks the session cookie Secure', async () => {
    const other = await startGateway({ CONSOLE_DIR: path.join(tmp, 'never-built'), SESSION_COOKIE_SECURE: 'true' });
    const page = await call('GET', '/', { on: other, headers: { accept: NAVIGATION } });
    expect(page.status).toBe(503);
    expect(page.text).toBe('console not built: run npm run console:build');
    expect((await call('GET', '/healthz', { on: other })).status).toBe(200);
    const s = await call('POST', '/v1/auth/session', { on: other, body: { email: adminEmail, password } });
    expect(s.status).toBe(200);
    expect(sessionCookieOf(s).split(';').map((x) => x.trim())).toContain('Secure');
  });
});
