import { createHash } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectEventHandlers } from '@verity/service-runtime';
import { serviceAudience, verifyJwt } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { parseRange } from '@verity/storage';
import { uniqueName } from '@verity/testing';
import { GatewayModule } from '../src/gateway.module';
import { gatewayConfigShape } from '../src/gateway.settings';

// The gateway in-process (real Postgres for people, projects and keys) forwarding a release's
// file downloads (streamed) and diffs to a test double of the export service that answers as
// export does (services/export/test/release-download-diff.int-spec.ts checks export itself).
// What is checked: who may download or diff (project role, admin, consumer key limited to the
// project) and that nothing is forwarded for anyone else; the file's bytes, type, name and range
// come back as export sent them; the query string of a diff goes along.

const jsonl = Buffer.from(Array.from({ length: 300 }, (_, i) => `{"item_id":"i${i}","label":"ok"}\n`).join(''), 'utf8');
const manifest = Buffer.from('{"files":[],"release_id":"r-1"}\n', 'utf8');
const csv = Buffer.from("item_id,label\ni1,'=1+1\n", 'utf8');
const labelStudio = Buffer.from('[\n{"data":{"text":"hi [EMAIL]"},"meta":{"verity_item_id":"i1"},"annotations":[],"predictions":[]}\n]\n', 'utf8');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Serves release files and diffs like export: `/v1/projects/:p/releases/:r/files/:name`, `…/diff/:b`. */
class ExportDouble {
  readonly received: { url: string; authorization?: string; range?: string }[] = [];
  private readonly server = http.createServer((req, res) => {
    this.received.push({ url: req.url!, authorization: req.headers.authorization, range: req.headers.range });
    const ls = /^\/v1\/projects\/[^/]+\/releases\/([^/]+)\/label-studio$/.exec(req.url!);
    if (ls?.[1] === 'r-slow') {
      // Export checks the whole release before it answers: longer than UPSTREAM_TIMEOUT_MS (3 s here).
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('[]\n'), 3500);
      return;
    }
    if (ls?.[1] === 'r-1') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="rel-one-label-studio.json"' });
      res.end(labelStudio);
      return;
    }
    if (ls) {
      res.writeHead(422, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ statusCode: 422, message: 'cannot be written as Label Studio tasks', errors: [{ field: 'rows[0].answer', reason: 'is a text_spans answer' }] }));
      return;
    }
    const diff = /^\/v1\/projects\/[^/]+\/releases\/([^/]+)\/diff\/([^/?]+)(\?.*)?$/.exec(req.url!);
    if (diff) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ from: diff[1], to: diff[2], added: 1, changed: 0, removed: 0, unchanged: 0, entries: [], nextCursor: null }));
      return;
    }
    const name = /^\/v1\/projects\/[^/]+\/releases\/r-1\/files\/([^/]+)$/.exec(req.url!)?.[1];
    const files: Record<string, { body: Buffer; type: string }> = {
      'labels.jsonl': { body: jsonl, type: 'application/x-ndjson' },
      'manifest.json': { body: manifest, type: 'application/json' },
      'labels.csv': { body: csv, type: 'text/csv; charset=utf-8; header=present' },
      'evil.html': { body: Buffer.from('<script>alert(1)</script>'), type: 'text/html' },
    };
    const file = name ? files[name] : undefined;
    if (!file) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end('{"statusCode":404,"message":"release r-1 has no such file"}');
      return;
    }
    const base = {
      'content-type': file.type,
      'content-disposition': `attachment; filename="rel-one-${name}"`,
      'accept-ranges': 'bytes',
      etag: `"${sha256(file.body)}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'x-internal': 'not for clients',
    };
    const wanted = parseRange(req.headers.range, file.body.length);
    if (wanted.kind === 'partial') {
      const { start, end } = wanted;
      res.writeHead(206, { ...base, 'content-range': `bytes ${start}-${end}/${file.body.length}`, 'content-length': String(end - start + 1) });
      res.end(file.body.subarray(start, end + 1));
    } else {
      res.writeHead(200, { ...base, 'content-length': String(file.body.length) }).end(file.body);
    }
  });
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

const run = uniqueName('gwrel');
const secret = process.env.JWT_SECRET ?? 'x'.repeat(48);
const adminEmail = `admin-${run}@it.verity`;
const password = 'correct horse battery staple';
const exporter = new ExportDouble();
let app: INestApplication;
let base: string;
let admin: string;
const people: Record<'pm' | 'qa' | 'annotator' | 'outsider', { id: string; token: string }> = {} as never;
const keys: Record<'consumerA' | 'consumerB' | 'producerA', string> = {} as never;
let projectA: string;
let projectB: string;

async function json<T = Record<string, string>>(method: string, p: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${base}${p}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
}

beforeAll(async () => {
  const config = loadConfig('gateway', gatewayConfigShape, {
    ...process.env,
    JWT_SECRET: secret,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: password,
    EXPORT_URL: await exporter.start(),
    UPSTREAM_TIMEOUT_MS: '3000',
  });
  app = await NestFactory.create(GatewayModule.register(config), { logger: ['error'] });
  await connectEventHandlers(app);
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const signedIn = await json('POST', '/v1/auth/token', { email: adminEmail, password });
  expect(signedIn.status).toBe(200);
  admin = signedIn.body.accessToken!;
  const roles = { pm: ['project_manager'], qa: ['quality_analyst'], annotator: ['annotator'], outsider: ['project_manager', 'quality_analyst'] } as const;
  for (const [name, r] of Object.entries(roles) as [keyof typeof people, readonly string[]][]) {
    const email = `${name}-${run}@it.verity`;
    const created = await json('POST', '/v1/users', { email, displayName: name, password, roles: r }, admin);
    expect(created.status).toBe(201);
    people[name] = { id: created.body.id!, token: (await json('POST', '/v1/auth/token', { email, password })).body.accessToken! };
  }
  const a = await json('POST', '/v1/projects', { name: `A ${run}`, contentTypes: ['text'] }, people.pm.token);
  const b = await json('POST', '/v1/projects', { name: `B ${run}`, contentTypes: ['text'] }, people.pm.token);
  expect([a.status, b.status]).toEqual([201, 201]);
  projectA = a.body.id!;
  projectB = b.body.id!;
  for (const [who, role] of [
    ['qa', 'quality_analyst'],
    ['annotator', 'annotator'],
  ] as const) {
    const m = await json('PUT', `/v1/projects/${projectA}/members/${people[who].id}`, { roles: [role], skills: [], languages: ['en'] }, people.pm.token);
    expect(m.status).toBe(200);
  }
  for (const [name, r, projectIds] of [
    ['consumerA', 'consumer', [projectA]],
    ['consumerB', 'consumer', [projectB]],
    ['producerA', 'producer', [projectA]],
  ] as const) {
    const k = await json('POST', '/v1/api-keys', { name: `${name} ${run}`, roles: [r], projectIds }, admin);
    expect(k.status).toBe(201);
    keys[name] = k.body.token!;
  }
}, 120000);

afterAll(async () => {
  await app?.close();
  await exporter.stop();
});

type Caller = { token: string } | { apiKey: string };
const auth = (c: Caller): Record<string, string> => ('token' in c ? { authorization: `Bearer ${c.token}` } : { 'x-api-key': c.apiKey });
const get = (p: string, c: Caller, headers: Record<string, string> = {}) => fetch(`${base}${p}`, { headers: { ...auth(c), ...headers } });
const bytesOf = async (r: Response) => Buffer.from(await r.arrayBuffer());
const file = (name: string, project = projectA) => `/v1/projects/${project}/releases/r-1/files/${name}`;

describe('release files through the gateway (streamed)', () => {
  it('streams a file to a project manager as export sent it: bytes, type, name, length, safety headers, as the caller', async () => {
    const before = exporter.received.length;
    const r = await get(file('labels.jsonl'), people.pm);
    expect(r.status).toBe(200);
    expect({
      type: r.headers.get('content-type'),
      length: r.headers.get('content-length'),
      disposition: r.headers.get('content-disposition'),
      nosniff: r.headers.get('x-content-type-options'),
      cache: r.headers.get('cache-control'),
      csp: r.headers.get('content-security-policy'),
      etag: r.headers.get('etag'),
      internal: r.headers.get('x-internal'),
    }).toEqual({
      type: 'application/x-ndjson',
      length: String(jsonl.length),
      disposition: 'attachment; filename="rel-one-labels.jsonl"',
      nosniff: 'nosniff',
      cache: 'private, no-store',
      csp: "default-src 'none'; sandbox",
      etag: `"${sha256(jsonl)}"`,
      internal: null,
    });
    const body = await bytesOf(r);
    expect(sha256(body)).toBe(sha256(jsonl));
    const got = exporter.received.slice(before);
    expect(got.map((g) => g.url)).toEqual([`/v1/projects/${projectA}/releases/r-1/files/labels.jsonl`]);
    expect(verifyJwt(got[0]!.authorization!.replace(/^Bearer /, ''), secret, Date.now(), serviceAudience('export'))).toMatchObject({ sub: people.pm.id, roles: ['project_manager'] });

    const m = await get(file('manifest.json'), people.pm);
    expect([m.status, m.headers.get('content-type'), m.headers.get('content-disposition')]).toEqual([200, 'application/json', 'attachment; filename="rel-one-manifest.json"']);
    expect((await bytesOf(m)).equals(manifest)).toBe(true);
    // labels.csv keeps its data type (not made an octet-stream), as an attachment.
    const c = await get(file('labels.csv'), people.pm);
    expect([c.status, c.headers.get('content-type'), c.headers.get('content-disposition')]).toEqual([200, 'text/csv', 'attachment; filename="rel-one-labels.csv"']);
    expect((await bytesOf(c)).equals(csv)).toBe(true);
  });

  it('passes Range along and returns the 206 bytes', async () => {
    const r = await get(file('labels.jsonl'), people.pm, { range: 'bytes=100-199' });
    expect([r.status, r.headers.get('content-range'), r.headers.get('content-type')]).toEqual([206, `bytes 100-199/${jsonl.length}`, 'application/x-ndjson']);
    expect((await bytesOf(r)).equals(jsonl.subarray(100, 200))).toBe(true);
    expect(exporter.received.at(-1)).toMatchObject({ range: 'bytes=100-199' });
  });

  it('lets project managers and quality analysts of the project, admins and consumer keys limited to it download', async () => {
    for (const [who, c] of [
      ['qa member', people.qa],
      ['admin', { token: admin }],
      ['consumer key of the project', { apiKey: keys.consumerA }],
    ] as const) {
      const r = await get(file('labels.jsonl'), c);
      expect([who, r.status, sha256(await bytesOf(r))]).toEqual([who, 200, sha256(jsonl)]);
    }
  });

  it('refuses everyone else without forwarding: annotator member 403, non-member 404, other project\'s key 404, producer key 403, no credentials 401', async () => {
    const n = exporter.received.length;
    for (const [who, c, status] of [
      ['annotator member', people.annotator, 403],
      ['non-member (with the global roles)', people.outsider, 404],
      ['consumer key of another project', { apiKey: keys.consumerB }, 404],
      ['producer key of the project', { apiKey: keys.producerA }, 403],
    ] as const) {
      const r = await get(file('labels.jsonl'), c);
      expect([who, r.status]).toEqual([who, status]);
      await r.arrayBuffer();
    }
    expect((await fetch(`${base}${file('labels.jsonl')}`)).status).toBe(401);
    // Names that are not a single plain segment never reach export.
    expect((await get(file('a%2F..%2Fmanifest.json'), people.pm)).status).toBe(404);
    expect(exporter.received.length).toBe(n);
  });

  it('passes export\'s 404 for a name outside the release through, and never serves a runnable type as is', async () => {
    const missing = await get(file('other.txt'), people.pm);
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'application/json']);
    expect(await missing.json()).toMatchObject({ message: 'release r-1 has no such file' });
    const html = await get(file('evil.html'), people.pm);
    expect([html.status, html.headers.get('content-type'), html.headers.get('content-disposition')]).toEqual([200, 'application/octet-stream', 'attachment']);
    await html.arrayBuffer();
  });
});

describe('release diffs through the gateway', () => {
  const diff = (q = '', project = projectA) => `/v1/projects/${project}/releases/r-1/diff/r-2${q}`;

  it('forwards the diff with its query string for the same callers, and refuses the others without forwarding', async () => {
    const before = exporter.received.length;
    const r = await json<{ from: string; to: string }>('GET', diff('?limit=5&after=abc_-'), undefined, people.qa.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ from: 'r-1', to: 'r-2' });
    expect(exporter.received.slice(before).map((g) => g.url)).toEqual([`/v1/projects/${projectA}/releases/r-1/diff/r-2?limit=5&after=abc_-`]);
    expect((await get(diff(), { apiKey: keys.consumerA })).status).toBe(200);
    const n = exporter.received.length;
    expect((await get(diff(), people.annotator)).status).toBe(403);
    expect((await get(diff(), people.outsider)).status).toBe(404);
    expect((await get(diff('', projectB), { apiKey: keys.consumerA })).status).toBe(404);
    expect((await get(diff(), { apiKey: keys.producerA })).status).toBe(403);
    expect(exporter.received.length).toBe(n);
  });
});

describe('a release as Label Studio tasks through the gateway (streamed)', () => {
  const ls = (release = 'r-1', project = projectA) => `/v1/projects/${project}/releases/${release}/label-studio`;

  it('streams the tasks as a JSON attachment to the release file readers, and refuses the others without forwarding', async () => {
    const before = exporter.received.length;
    for (const [who, c] of [
      ['qa member', people.qa],
      ['pm', people.pm],
      ['consumer key of the project', { apiKey: keys.consumerA }],
    ] as const) {
      const r = await get(ls(), c);
      expect([who, r.status, r.headers.get('content-type'), r.headers.get('content-disposition'), r.headers.get('x-content-type-options')]).toEqual([
        who,
        200,
        'application/json',
        'attachment; filename="rel-one-label-studio.json"',
        'nosniff',
      ]);
      expect((await bytesOf(r)).equals(labelStudio)).toBe(true);
    }
    expect(exporter.received.slice(before).map((g) => g.url)).toEqual(Array(3).fill(`/v1/projects/${projectA}/releases/r-1/label-studio`));
    const n = exporter.received.length;
    for (const [who, c, status] of [
      ['annotator member', people.annotator, 403],
      ['non-member (with the global roles)', people.outsider, 404],
      ['consumer key of another project', { apiKey: keys.consumerB }, 404],
      ['producer key of the project', { apiKey: keys.producerA }, 403],
    ] as const) {
      const r = await get(ls(), c);
      expect([who, r.status]).toEqual([who, status]);
      await r.arrayBuffer();
    }
    expect(exporter.received.length).toBe(n);
  });

  it('waits for export to check the release longer than for other answers', async () => {
    const r = await get(ls('r-slow'), people.pm);
    expect([r.status, await r.text()]).toEqual([200, '[]\n']);
  });

  it("passes export's 422 through as JSON with its field errors", async () => {
    const r = await get(ls('r-spans'), people.pm);
    expect([r.status, r.headers.get('content-type')]).toEqual([422, 'application/json']);
    expect(await r.json()).toMatchObject({ errors: [{ field: 'rows[0].answer', reason: 'is a text_spans answer' }] });
  });
});
