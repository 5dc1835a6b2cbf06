import path from 'node:path';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { connectEventHandlers } from '@verity/service-runtime';
import { loadConfig } from '@verity/config';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { GatewayModule } from '../src/gateway.module';
import { gatewayConfigShape } from '../src/gateway.settings';

// Labeling functions through the gateway (issue #14): the gateway in-process and the real
// prelabel service as a process (services/prelabel/src/main.ts) on the real stack. A project
// manager creates, lists, changes, analyses and retires an LF at the gateway's URL; the project
// comes from the gateway (projects.v1 carries its members to prelabel).

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../../../scripts/services.cjs'));

const run = uniqueName('gw-lf');
const secret = process.env.JWT_SECRET ?? 'x'.repeat(48);
const adminEmail = `admin-${run}@it.verity`;
const password = 'correct horse battery staple';

let app: INestApplication;
let base: string;
let services: { name: string; url: string }[] = [];
let db: Client;
let pm: { id: string; token: string };
let annotator: { id: string; token: string };
let outsider: { id: string; token: string };
let projectId: string;

async function call<T = Record<string, unknown>>(method: string, p: string, opts: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${p}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: r.status, body: (await r.json().catch(() => ({}))) as T };
}

async function signIn(email: string): Promise<string> {
  const r = await call<{ accessToken: string }>('POST', '/v1/auth/token', { body: { email, password } });
  expect(r.status).toBe(200);
  return r.body.accessToken;
}

beforeAll(async () => {
  if (Number(process.versions.node.split('.')[0]) !== 22) throw new Error(`run this test on Node 22, not ${process.version}`);
  services = startServices({
    names: ['prelabel'],
    basePort: 21300,
    logSuffix: '.gw-lf',
    env: { JWT_SECRET: secret, LLM_BASE_URL: '', PRELABEL_LOCAL_MIN_LABELS: '100000', PRELABEL_AL_INTERVAL_MS: '0' },
  });
  await waitReady(services, 240000);
  const config = loadConfig('gateway', gatewayConfigShape, {
    ...process.env,
    JWT_SECRET: secret,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: password,
    PRELABEL_URL: services[0]!.url,
    UPSTREAM_TIMEOUT_MS: '30000',
  });
  app = await NestFactory.create(GatewayModule.register(config), { logger: ['error', 'warn'] });
  await connectEventHandlers(app);
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  db = new Client({ connectionString: stackEnv().databaseUrl });
  await db.connect();

  const admin = await signIn(adminEmail);
  const person = async (name: string, roles: string[]) => {
    const email = `${name}-${run}@it.verity`;
    const r = await call<{ id: string }>('POST', '/v1/users', { token: admin, body: { email, displayName: name, password, roles } });
    expect(r.status).toBe(201);
    return { id: r.body.id, token: await signIn(email) };
  };
  pm = await person('pm', ['project_manager']);
  annotator = await person('annotator', ['annotator']);
  outsider = await person('outsider', ['project_manager']);
  const p = await call<{ id: string }>('POST', '/v1/projects', { token: pm.token, body: { name: `LFs ${run}`, contentTypes: ['text'] } });
  expect(p.status).toBe(201);
  projectId = p.body.id;
  expect((await call('PUT', `/v1/projects/${projectId}/members/${annotator.id}`, { token: pm.token, body: { roles: ['annotator'] } })).status).toBe(200);
  // Prelabel's membership copy holds the manager and the annotator (from projects.v1).
  await eventually(
    'prelabel copied the project’s members',
    async () => ((await db.query(`SELECT 1 FROM prelabel.project_access WHERE project_id = $1`, [projectId])).rowCount === 2 ? true : undefined),
    120000,
    500,
  );
}, 360000);

afterAll(async () => {
  await app?.close();
  await db?.end();
  await stopServices(services);
}, 60000);

describe('labeling functions through the gateway (real prelabel)', () => {
  it('a project manager creates, lists, changes, analyses and retires an LF; others are refused before prelabel', async () => {
    const lfs = `/v1/projects/${projectId}/prelabel/labeling-functions`;
    const definition = { question_id: 'spam', kind: 'keywords', keywords: ['subscribe'], votes: 'spam' };
    const created = await call('POST', lfs, { token: pm.token, body: { ...definition, id: 'kw' } });
    expect(created.status).toBe(201);
    // No ontology or task of the question yet: stored unchecked; nothing to backfill.
    expect(created.body).toMatchObject({ id: 'kw', version: 1, owner: pm.id, created: true, checkedAgainst: 'unchecked', votesAutomatically: true });

    const list = await call<{ projectId: string; labelingFunctions: Record<string, unknown>[] }>('GET', lfs, { token: pm.token });
    expect(list.status).toBe(200);
    expect(list.body.projectId).toBe(projectId);
    expect(list.body.labelingFunctions).toEqual([
      expect.objectContaining({ id: 'kw', version: 1, versions: 1, owner: pm.id, keywords: ['subscribe'], retiredAt: null }),
    ]);

    const changed = await call('PUT', `${lfs}/kw`, { token: pm.token, body: { ...definition, keywords: ['subscribe', 'free'] } });
    expect([changed.status, changed.body.version, changed.body.created]).toEqual([200, 2, true]);
    const analysis = await call<{ questions: { questionId: string; lfs: { lf: string }[] }[] }>('GET', `${lfs}/analysis?questionId=spam`, { token: pm.token });
    expect(analysis.status).toBe(200);
    expect(analysis.body.questions.map((q) => q.questionId)).toEqual(['spam']);
    const retired = await call('DELETE', `${lfs}/kw`, { token: pm.token });
    expect([retired.status, retired.body]).toEqual([200, { projectId, id: 'kw', retiredVersions: 2, alreadyRetired: false }]); // every version was active
    expect((await call('DELETE', `${lfs}/nope`, { token: pm.token })).status).toBe(404); // prelabel's answer, passed on

    // A member without the role (403), a non-member (404), a bad id (404), no token (401): nothing reaches prelabel.
    const stored = async () => (await db.query(`SELECT lf_id, version FROM prelabel.labeling_functions WHERE project_id = $1 ORDER BY version`, [projectId])).rows;
    const before = await stored();
    expect((await call('POST', lfs, { token: annotator.token, body: { ...definition, id: 'a' } })).status).toBe(403);
    expect((await call('PUT', `${lfs}/kw`, { token: outsider.token, body: definition })).status).toBe(404);
    expect((await call('PUT', `${lfs}/bad%20id`, { token: pm.token, body: definition })).status).toBe(404);
    expect((await call('GET', lfs)).status).toBe(401);
    expect(await stored()).toEqual(before);
    expect(before).toEqual([
      { lf_id: 'kw', version: 1 },
      { lf_id: 'kw', version: 2 },
    ]);
  });
});
