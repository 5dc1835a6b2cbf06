import { AddressInfo } from 'node:net';
import net from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectEventHandlers } from '@verity/service-runtime';
import { Kafka } from 'kafkajs';
import { type Io, main } from '@verity/cli';
import { loadConfig } from '@verity/config';
import { ContentEvent, decodeEvent, TOPICS, TopicSpec } from '@verity/contracts';
import {
  ConsumerRunner,
  createKafka,
  dlqAad,
  DlqCipher,
  ensureTopics,
  EventProducer,
  HEADER,
  headerString,
  MessageContext,
  protobufCodec,
} from '@verity/messaging';
import { contentEvent, eventually, privateContentTopic, readTopic, stackEnv, uniqueName } from '@verity/testing';
import { GatewayModule } from '../src/gateway.module';
import { gatewayConfigShape } from '../src/gateway.settings';
import { OPS_CONSUMER_SERVICES, OPS_TOPICS, type OpsConsumerServices, type OpsTopics } from '../src/operations.settings';
import type { DeadLetterPage, DeadLetterTopicSummary, DeadLetterView, GroupLag, RedriveResult } from '../src/domain/operations.types';

// The operations API of the gateway in-process, against the real stack: real ConsumerRunners
// dead-letter poison records (one topic plain, one sensitive, so its dead letters are encrypted),
// the API lists and pages them, redrive republishes to the original topic once, consumer lag
// rises and falls, and the `verity dlq` CLI drives the same gateway. The API serves the contract
// topics; the test adds private copies of content.v1 to its list so nothing it does reaches a
// real service's topic, and a private "service" name for the consumer-lag view.

const run = uniqueName('ops');
const secretKey = process.env.JWT_SECRET ?? 'x'.repeat(48);
const adminEmail = `admin-${run}@it.verity`;
const password = 'correct horse battery staple';
const svc = uniqueName('it-ops');
const dlqGroup = `${svc}.dlq`;
const marker = `SECRET-${run}`;

let app: INestApplication;
let base: string;
let kafka: Kafka;
let producer: EventProducer;
let cipher: DlqCipher;
let admin: string;
let adminId: string;
let pm: string;
const runners: ConsumerRunner[] = [];

const plain: TopicSpec<ContentEvent> = privateContentTopic(3);
const secret: TopicSpec<ContentEvent> = privateContentTopic(3, { sensitive: true });
const lagTopic: TopicSpec<ContentEvent> = privateContentTopic(2);

/** Source ids whose handling fails (the "cause"), and what the consumer processed. */
const broken = new Set<string>();
const processed: { topic: string; sourceId: string; redrivenBy?: string; redrivenFrom?: string }[] = [];

interface Res<T> {
  status: number;
  body: T;
}

async function call<T = Record<string, unknown>>(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<Res<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: r.status, body: (await r.json()) as T };
}

async function token(email: string): Promise<string> {
  const r = await call<{ accessToken: string }>('POST', '/v1/auth/token', { body: { email, password } });
  expect(r.status).toBe(200);
  return r.body.accessToken;
}

const page = (topic: string, query = 'limit=200') => call<DeadLetterPage>('GET', `/v1/ops/dead-letters/${topic}?${query}`, { token: admin });
/** This run's dead letters of a topic (other runs' may sit in the same DLQ), newest first. */
const ours = async (topic: string) => (await page(topic)).body.records.filter((r) => r.origin.consumerGroup === dlqGroup);

beforeAll(async () => {
  expect(process.env.DLQ_ENCRYPTION_KEY).toBeDefined(); // the stack env generates one
  const config = loadConfig('gateway', gatewayConfigShape, {
    ...process.env,
    JWT_SECRET: secretKey,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: password,
  });
  app = await NestFactory.create(GatewayModule.register(config), { logger: ['error', 'warn'] });
  await connectEventHandlers(app);
  app.get<OpsTopics>(OPS_TOPICS).push(plain, secret);
  app.get<OpsConsumerServices>(OPS_CONSUMER_SERVICES).push(svc);
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  kafka = createKafka({ brokers: stackEnv().brokers, clientId: `it-${run}` });
  producer = new EventProducer(kafka, protobufCodec, `it-${run}`);
  await producer.connect();
  await ensureTopics(kafka, [plain, secret, lagTopic]);
  cipher = DlqCipher.fromBase64(process.env.DLQ_ENCRYPTION_KEY!);

  admin = await token(adminEmail);
  adminId = (await call<{ id: string }>('GET', '/v1/me', { token: admin })).body.id;
  const created = await call('POST', '/v1/users', {
    token: admin,
    body: { email: `pm-${run}@it.verity`, displayName: 'PM', password, roles: ['project_manager'] },
  });
  expect(created.status).toBe(201);
  pm = await token(`pm-${run}@it.verity`);

  const handler = async (e: ContentEvent, ctx: MessageContext) => {
    if (broken.has(e.sourceId)) throw new Error(`cause: ${e.sourceId} is broken`);
    processed.push({
      topic: ctx.topic,
      sourceId: e.sourceId,
      redrivenBy: headerString(ctx.headers, HEADER.redrivenBy),
      redrivenFrom: headerString(ctx.headers, HEADER.redrivenFrom),
    });
  };
  const runner = new ConsumerRunner(kafka, protobufCodec, producer, {
    groupId: dlqGroup,
    retry: { attempts: 2, initialDelayMs: 20, maxDelayMs: 50 },
    dlqCipher: cipher,
    autoCommitIntervalMs: 200,
  })
    .subscribe(plain, handler)
    .subscribe(secret, handler);
  runners.push(runner);
  await runner.start();
});

afterAll(async () => {
  for (const r of runners) await r.stop();
  await producer?.disconnect();
  await app?.close();
  if (kafka) {
    const a = kafka.admin();
    await a.connect();
    await a.deleteGroups([dlqGroup, svc]).catch(() => undefined);
    const topics = [plain, secret, lagTopic].flatMap((t) => [t.name, `${t.name}.dlq`]);
    await a.deleteTopics({ topics }).catch(() => undefined);
    await a.disconnect();
  }
});

describe('operations API', () => {
  it('is for admins only: 401 without credentials, 403 for anyone else', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/ops/dead-letters'],
      ['GET', `/v1/ops/dead-letters/${plain.name}`],
      ['POST', `/v1/ops/dead-letters/${plain.name}/redrive`, { all: true }],
      ['GET', '/v1/ops/consumer-lag'],
    ];
    for (const [method, path, body] of routes) {
      expect((await call(method, path, { body })).status).toBe(401);
      const r = await call<{ message: string }>(method, path, { token: pm, body });
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/admin/);
    }
  });

  it('lists a poison record with its reason; a content dead letter is stored encrypted and never shown', async () => {
    broken.add('p1').add('s1');
    await producer.publish(plain, contentEvent('p1', `plain text ${marker}`));
    await producer.publish(secret, contentEvent('s1', `write to alice@example.org ${marker}`));

    const [p] = await eventually('the plain dead letter', async () => {
      const r = await ours(plain.name);
      return r.length === 1 ? r : undefined;
    });
    expect(p).toMatchObject({
      key: 'it:p1',
      reason: 'Error: cause: p1 is broken',
      origin: { topic: plain.name, consumerGroup: dlqGroup },
      projectId: 'p1',
      encrypted: false,
      redriven: null,
    });
    expect(p.id).toBe(`${p.partition}:${p.offset}`);
    expect(p.origin.partition).toEqual(expect.any(Number));
    expect(p.origin.offset).toEqual(expect.any(Number));
    expect(p.payload).toMatchObject({ source: 'it', sourceId: 'p1', text: `plain text ${marker}` });

    const [s] = await eventually('the encrypted dead letter', async () => {
      const r = await ours(secret.name);
      return r.length === 1 ? r : undefined;
    });
    expect(s).toMatchObject({ key: 'it:s1', reason: 'Error: cause: s1 is broken', payload: null, encrypted: true });
    expect(s.projectId).toBeUndefined();

    // The stored bytes: sealed (no clear text anywhere in the record), and they open with the key.
    const [stored] = (await readTopic(kafka, `${secret.name}.dlq`, 1)).filter((r) => r.headers[HEADER.consumerGroup] === dlqGroup);
    expect(stored.value.includes(Buffer.from(marker))).toBe(false);
    expect(stored.value.includes(Buffer.from('alice@example.org'))).toBe(false);
    expect(JSON.stringify(stored.headers)).not.toContain(marker);
    expect(stored.headers[HEADER.dlqEncryption]).toBe('aes-256-gcm');
    expect(stored.headers[HEADER.dlqKeyId]).toBe(cipher.keyId);
    const opened = cipher.open(stored.value, dlqAad(secret.name, stored.headers[HEADER.originalPartition], stored.headers[HEADER.originalOffset]));
    expect(decodeEvent(TOPICS.content, opened).sourceId).toBe('s1');
    expect(JSON.stringify(s)).not.toContain(marker);

    // The summary: every contract topic (in TOPICS order), then the test's.
    const sum = await call<{ topics: DeadLetterTopicSummary[] }>('GET', '/v1/ops/dead-letters', { token: admin });
    expect(sum.status).toBe(200);
    expect(sum.body.topics.map((t) => t.topic)).toEqual([...Object.values(TOPICS).map((t) => t.name), plain.name, secret.name]);
    const mine = sum.body.topics.find((t) => t.topic === secret.name)!;
    expect(mine).toMatchObject({ dlqTopic: `${secret.name}.dlq`, count: 1, newestAt: s.at, reasons: [{ reason: 'Error: cause: s1 is broken', count: 1 }], reasonsSampled: 1 });
    expect(JSON.stringify(sum.body)).not.toContain(marker);
  });

  it('pages newest first with a keyset cursor; bad input is 400 naming the field, an unknown topic 404', async () => {
    // Keys it:p2, it:p5, it:p8 land on partitions 2, 1 and 0 (murmur2), it:p1 on 2: pages merge partitions.
    for (const id of ['p2', 'p5', 'p8']) {
      broken.add(id);
      await producer.publish(plain, contentEvent(id));
    }
    await eventually('four plain dead letters', async () => ((await ours(plain.name)).length === 4 ? true : undefined));
    const all = (await ours(plain.name));
    expect(new Set(all.map((r) => r.partition))).toEqual(new Set([0, 1, 2]));
    const first = await page(plain.name, 'limit=2');
    expect(first.status).toBe(200);
    expect(first.body.records).toHaveLength(2);
    expect(first.body.records.map((r) => r.id)).toEqual(all.slice(0, 2).map((r) => r.id));
    let cursor = first.body.nextCursor;
    const seen: DeadLetterView[] = [...first.body.records];
    while (cursor) {
      const next = await page(plain.name, `limit=2&after=${cursor}`);
      expect(next.status).toBe(200);
      seen.push(...next.body.records);
      cursor = next.body.nextCursor;
    }
    expect(seen.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
    const times = seen.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);

    for (const limit of ['0', '201', 'x']) {
      const r = await call<{ errors: { field: string }[] }>('GET', `/v1/ops/dead-letters/${plain.name}?limit=${limit}`, { token: admin });
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e) => e.field)).toEqual(['limit']);
    }
    const badCursor = await call<{ errors: { field: string }[] }>('GET', `/v1/ops/dead-letters/${plain.name}?after=nonsense`, { token: admin });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].field).toBe('after');
    expect((await call('GET', '/v1/ops/dead-letters/nope.v1', { token: admin })).status).toBe(404);
    expect((await call('GET', `/v1/ops/dead-letters/${TOPICS.content.name}.dlq`, { token: admin })).status).toBe(404);
    expect((await call('POST', '/v1/ops/dead-letters/nope.v1/redrive', { token: admin, body: { all: true } })).status).toBe(404);
    const badIds = await call<{ errors: { field: string }[] }>('POST', `/v1/ops/dead-letters/${plain.name}/redrive`, { token: admin, body: { ids: ['0:1', 'x'] } });
    expect(badIds.status).toBe(400);
    expect(badIds.body.errors.map((e) => e.field)).toEqual(['ids.1']);
  });

  it('redrives a fixed cause once: back on the original topic (decrypted), processed, then skipped', async () => {
    const [s] = await ours(secret.name);
    broken.delete('s1');
    const r1 = await call<RedriveResult>('POST', `/v1/ops/dead-letters/${secret.name}/redrive`, { token: admin, body: { ids: [s.id, s.id] } });
    expect(r1.status).toBe(200);
    expect(r1.body).toEqual({ redriven: 1, skipped: [], remaining: 0 });
    const got = await eventually('the redriven record processed', () => processed.find((x) => x.topic === secret.name && x.sourceId === 's1'));
    expect(got).toEqual({ topic: secret.name, sourceId: 's1', redrivenBy: `user:${adminId}`, redrivenFrom: `${secret.name}.dlq:${s.id}` });

    const r2 = await call<RedriveResult>('POST', `/v1/ops/dead-letters/${secret.name}/redrive`, { token: admin, body: { ids: [s.id, '99:0', `${s.partition}:999999`] } });
    expect(r2.body.redriven).toBe(0);
    expect(r2.body.skipped).toEqual([
      { id: '99:0', reason: expect.stringMatching(/no such partition/) },
      { id: `${s.partition}:999999`, reason: expect.stringMatching(/beyond its end/) },
      { id: s.id, reason: expect.stringMatching(new RegExp(`^already redriven at \\S+ by user:${adminId}$`)) },
    ]);
    const [after] = await ours(secret.name);
    expect(after.redriven).toEqual({ at: expect.any(String), by: `user:${adminId}` });

    // all: every plain dead letter not redriven yet, once.
    broken.clear();
    const all = await call<RedriveResult>('POST', `/v1/ops/dead-letters/${plain.name}/redrive`, { token: admin, body: { all: true } });
    expect(all.body).toEqual({ redriven: 4, skipped: [], remaining: 0 });
    await eventually('p1, p2, p5, p8 processed', () => (['p1', 'p2', 'p5', 'p8'].every((id) => processed.some((x) => x.topic === plain.name && x.sourceId === id)) ? true : undefined));
    const again = await call<RedriveResult>('POST', `/v1/ops/dead-letters/${plain.name}/redrive`, { token: admin, body: { all: true } });
    expect(again.body).toEqual({ redriven: 0, skipped: [], remaining: 0 });
  });

  it('shows consumer lag that falls to 0 once the group has consumed', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    for (let i = 0; i < 5; i++) await producer.publish(lagTopic, contentEvent(`lag-${i}`));
    const runner = new ConsumerRunner(kafka, protobufCodec, producer, { groupId: svc, autoCommitIntervalMs: 200 }).subscribe(lagTopic, () => gate);
    runners.push(runner);
    await runner.start();
    const lagOf = async () => {
      const r = await call<{ groups: GroupLag[] }>('GET', '/v1/ops/consumer-lag', { token: admin });
      expect(r.status).toBe(200);
      return r.body.groups.find((g) => g.group === svc);
    };
    const behind = await eventually('the group behind by 5', async () => {
      const g = await lagOf();
      return g?.topics.find((t) => t.topic === lagTopic.name)?.lag === 5 ? g : undefined;
    });
    expect(behind.service).toBe(svc);
    expect(behind.lag).toBe(5);
    expect(behind.topics[0].partitions.map((p) => p.end).reduce((a, b) => a + b, 0)).toBe(5);
    open();
    const caughtUp = await eventually('the group caught up', async () => {
      const g = await lagOf();
      return g && g.lag === 0 && g.topics.some((t) => t.topic === lagTopic.name) ? g : undefined;
    });
    expect(caughtUp.topics[0].partitions.every((p) => p.committed === p.end)).toBe(true);
    // The dead-lettering group is the same service's, with its two topics consumed.
    const dlqOne = (await call<{ groups: GroupLag[] }>('GET', '/v1/ops/consumer-lag', { token: admin })).body.groups.find((g) => g.group === dlqGroup)!;
    expect(dlqOne).toMatchObject({ service: svc, lag: 0 });
    expect(dlqOne.topics.map((t) => t.topic).sort()).toEqual([plain.name, secret.name].sort());
  });
});

describe('verity dlq against the gateway', () => {
  function io(env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const value: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), readFile: () => '', writeFile: () => undefined, env };
    return { io: value, out: () => out.join(''), err: () => err.join('') };
  }
  const verity = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const h = io(env);
    return Promise.resolve(main(['dlq', ...args], h.io)).then((code) => ({ code, out: h.out(), err: h.err() }));
  };

  it('lists, shows and redrives, with exit codes that mean something', async () => {
    const list = await verity(['list', '--url', base, '--token', admin]);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`${secret.name.replace(/\./g, '\\.')}\\s+1\\s+\\S+Z\\s+Error: cause: s1 is broken \\(1\\)`));
    const json = await verity(['list', '--url', base, '--json'], { VERITY_TOKEN: admin });
    expect(json.code).toBe(0);
    expect((JSON.parse(json.out) as { topics: { topic: string }[] }).topics.map((t) => t.topic)).toContain(plain.name);

    const show = await verity(['show', plain.name, '--limit', '1', '--url', base, '--token', admin]);
    expect(show.code).toBe(0);
    expect(show.out).toMatch(/reason: {2}Error: cause: p\d is broken/);
    expect(show.out).toMatch(/redriven at \S+ by user:/);
    expect(show.out).toMatch(new RegExp(`older: verity dlq show ${plain.name.replace(/\./g, '\\.')} --after \\S+`));
    const secretShow = await verity(['show', secret.name, '--url', base, '--token', admin]);
    expect(secretShow.out).toContain('payload: (encrypted)');
    expect(secretShow.out).not.toContain(marker);

    const [s] = await ours(secret.name);
    const again = await verity(['redrive', secret.name, '--ids', s.id, '--url', base, '--token', admin]);
    expect(again.code).toBe(5);
    expect(again.out).toMatch(/redriven 0 to .*; skipped 1:\n {2}\d+:\d+ {2}already redriven at/);

    expect((await verity(['list', '--url', base, '--token', pm])).code).toBe(3);
    expect((await verity(['list', '--url', base])).code).toBe(3);
    const unknown = await verity(['show', 'nope.v1', '--url', base, '--token', admin]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/refused \(404: unknown topic nope\.v1/);
    const deadPort = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    const down = await verity(['list', '--url', `http://127.0.0.1:${deadPort}`, '--token', admin]);
    expect(down.code).toBe(4);
    expect(down.err).toMatch(/gateway unreachable/);
  });
});
