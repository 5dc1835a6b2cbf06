import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { decodeEvent, TOPICS } from '@verity/contracts';
import { createKafka } from '@verity/messaging';
import { VerityClient } from '@verity/sdk';
import { LAG_CACHE_MS } from '@verity/service-runtime';
import { eventually, parsePrometheusText, type PromSample, signInAdmin, stackEnv, startFakeLlm, startPlatform, sumOf, uniqueName } from '@verity/testing';

// Issue 15, metrics: every service started the README's way serves Prometheus text at /metrics
// (here behind METRICS_TOKEN), and the numbers move when records flow: content in through the
// gateway, tasks queued per project, three annotators answer over HTTP, labels out.

const run = uniqueName('metrics');
const source = `metrics-${run}`;
const password = 'correct horse battery staple';
const token = randomBytes(24).toString('hex');
const ITEMS = 3;
const ANSWERS = 3;
const SERVICES = ['gateway', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'quality', 'adjudication', 'export'];

type Scrapes = Record<string, PromSample[]>;

interface Position {
  topic: string;
  partition: number;
  offset: number;
}

/** Where this project's annotations and decisions land (topic, partition, offset), from the moment it starts. */
async function positionsTap(kafka: Kafka, projectId: () => string) {
  const got: Position[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('metrics-tap') });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPICS.annotations.name, TOPICS.decisions.name], fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const event = topic === TOPICS.annotations.name ? decodeEvent(TOPICS.annotations, message.value!) : decodeEvent(TOPICS.decisions, message.value!);
      if (event.envelope?.projectId === projectId()) got.push({ topic, partition, offset: Number(message.offset) });
    },
  });
  await joined;
  return { got, stop: () => consumer.disconnect() };
}

describe('GET /metrics on every service (real processes, real stack)', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let llm: Awaited<ReturnType<typeof startFakeLlm>>;
  let url: Record<string, string>;

  const scrape = async (service: string): Promise<PromSample[]> => {
    const res = await fetch(`${url[service]}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${service} /metrics answered ${res.status}`);
    return parsePrometheusText(await res.text());
  };
  const scrapeAll = async (): Promise<Scrapes> => Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await scrape(s)] as const)));

  beforeAll(async () => {
    llm = await startFakeLlm(() => ({ optionId: 'spam', confidence: 0.7 }));
    platform = await startPlatform(21100, '.metrics', {
      METRICS_TOKEN: token,
      LLM_BASE_URL: llm.url,
      LLM_MODEL: 'fake-llm',
      LLM_API_KEY: 'test-key',
      PRELABEL_LLM_PROMPT_USD_PER_1K: '0.01',
      PRELABEL_LLM_COMPLETION_USD_PER_1K: '0.03',
    });
    url = Object.fromEntries(platform.services.map((s) => [s.name, s.url]));
  }, 360000);

  afterAll(async () => {
    await platform?.stop();
    await llm?.close();
  }, 60000);

  it('is served by every service to the bearer of METRICS_TOKEN only, with readiness and process metrics', async () => {
    expect(Object.keys(url).sort()).toEqual([...SERVICES].sort());
    const took: string[] = [];
    for (const s of SERVICES) {
      const t0 = performance.now();
      await scrape(s);
      took.push(`${s} ${Math.round(performance.now() - t0)} ms`);
    }
    console.log(`one scrape (lag, outbox, readiness read at scrape time): ${took.join(', ')}`);
    for (const s of SERVICES) {
      expect((await fetch(`${url[s]}/metrics`)).status).toBe(401);
      expect((await fetch(`${url[s]}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const res = await fetch(`${url[s]}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
      const samples = parsePrometheusText(await res.text());
      expect(samples.filter((x) => x.name === 'verity_ready')).toHaveLength(1);
      // The /readyz result, checked at scrape time (a check may time out on a loaded machine: ask again).
      await eventually(`verity_ready 1 on ${s}`, async () => (sumOf(await scrape(s), 'verity_ready') === 1 ? true : undefined), 60000, 1000);
      expect(samples.some((x) => x.name === 'process_resident_memory_bytes' && x.value > 0)).toBe(true);
      // Every service's outbox is measured, under its own schema.
      expect(samples.filter((x) => x.name === 'verity_outbox_backlog').map((x) => x.labels.schema)).toHaveLength(1);
      expect(samples.some((x) => x.name === 'verity_outbox_oldest_age_seconds')).toBe(true);
    }
  }, 120000);

  it('moves when records flow: records handled, queue depth, labels, LLM tokens, HTTP latency; lag back to 0', async () => {
    const before = await scrapeAll();
    // DLQ depth is the gateway's (it owns the dead-letter tooling): one series per contract topic.
    expect(before.gateway.filter((x) => x.name === 'verity_dlq_depth').map((x) => x.labels.topic)).toEqual(
      expect.arrayContaining(['content.v1', 'items.v1', 'tasks.v1', 'annotations.v1', 'decisions.v1']),
    );
    expect(before.assignment.some((x) => x.name === 'verity_dlq_depth')).toBe(false);

    const admin = await signInAdmin(platform.gateway);
    const people = await Promise.all(
      ['pm', 'a1', 'a2', 'a3'].map((n) =>
        admin.createUser({ email: `${n}-${run}@metrics.verity`, displayName: n, password, roles: n === 'pm' ? ['project_manager'] : ['annotator'] }),
      ),
    );
    const [pmUser, ...annotators] = people;
    const pm = await VerityClient.signIn(platform.gateway, pmUser.email, password);
    const kafka = createKafka({ brokers: stackEnv().brokers, clientId: `metrics-${run}` });
    let projectId = '';
    const tap = await positionsTap(kafka, () => projectId);
    const project = await pm.createProject({
      name: `Metrics ${run}`,
      contentTypes: ['text'],
      filter: { sources: [source] },
      policy: { answersPerTask: ANSWERS, honeypotRate: 0, auditRate: 0, leaseSeconds: 600, prelabelMode: 'llm' },
    });
    projectId = project.id;
    for (const a of annotators) await pm.setMember(project.id, a.id, { roles: ['annotator'], languages: ['en'] });
    const draft = await pm.createOntologyDraft(project.id, {
      guidelines: { text: 'Spam: the comment advertises something or asks for clicks.', examples: [] },
      questions: [
        { id: 'spam', type: 'single_choice', prompt: 'Is this comment spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] },
      ],
    });
    await pm.publishOntology(project.id, draft.version);

    for (let i = 0; i < ITEMS; i++) {
      const r = await admin.raw('POST', '/v1/content', { source, sourceId: `c-${i}`, contentType: 'text', text: `Subscribe to my channel number ${i}!!!`, language: 'en' });
      expect(r.status).toBeLessThan(300);
    }

    // Every item's task waits in assignment's queue: ITEMS × ANSWERS open slots for this project.
    const queued = await eventually(
      'the project queue depth on assignment',
      async () => {
        const depth = sumOf(await scrape('assignment'), 'verity_queue_depth', { project: project.id });
        return depth === ITEMS * ANSWERS ? depth : undefined;
      },
      180000,
      1000,
    );
    expect(queued).toBe(ITEMS * ANSWERS);

    const clients = await Promise.all(annotators.map((a) => VerityClient.signIn(platform.gateway, a.email, password)));
    let answered = 0;
    for (const c of clients) {
      for (;;) {
        const task = await eventually('a task or an empty queue', () => c.nextTask(project.id).then((t) => t), 60000, 1000);
        if (!task) break;
        await c.submit(task.taskId, task.leaseId, { choice: { optionIds: ['spam'] } }, 1500);
        answered++;
      }
    }
    expect(answered).toBe(ITEMS * ANSWERS);

    // Export's group may first work through decisions other suites left on decisions.v1 (machine
    // auto-accepts, weak supervision, verdicts), so wait for labels of the aggregation methods.
    const AGGREGATED = ['majority_vote', 'weighted_majority_vote', 'dawid_skene', 'mace'];
    const after = await eventually(
      'labels published for the items',
      async () => {
        const s = await scrapeAll();
        const published = AGGREGATED.reduce((n, method) => n + sumOf(s.export, 'verity_labels_published_total', { method }) - sumOf(before.export, 'verity_labels_published_total', { method }), 0);
        return published >= ITEMS ? s : undefined;
      },
      180000,
      1000,
    );
    const grew = (service: string, name: string, match: Record<string, string>) => sumOf(after[service], name, match) - sumOf(before[service], name, match);
    console.log(
      `records handled: ingestion content.v1 +${grew('ingestion', 'verity_records_handled_total', { topic: 'content.v1' })}, ` +
        `quality annotations.v1 +${grew('quality', 'verity_records_handled_total', { topic: 'annotations.v1' })}, ` +
        `export decisions.v1 +${grew('export', 'verity_records_handled_total', { topic: 'decisions.v1' })}; ` +
        `labels +${grew('export', 'verity_labels_published_total', {})}; LLM tokens +${grew('prelabel', 'verity_llm_tokens_total', {})}`,
    );
    // Each consumer group on the item's path handled at least this test's records.
    expect(grew('ingestion', 'verity_records_handled_total', { group: 'ingestion', topic: 'content.v1' })).toBeGreaterThanOrEqual(ITEMS);
    expect(grew('decomposition', 'verity_records_handled_total', { topic: 'items.v1' })).toBeGreaterThanOrEqual(ITEMS);
    expect(grew('prelabel', 'verity_records_handled_total', { topic: 'tasks.v1' })).toBeGreaterThanOrEqual(ITEMS);
    expect(grew('assignment', 'verity_records_handled_total', { topic: 'prelabels.v1' })).toBeGreaterThanOrEqual(ITEMS);
    expect(grew('quality', 'verity_records_handled_total', { group: 'quality', topic: 'annotations.v1' })).toBeGreaterThanOrEqual(ITEMS * ANSWERS);
    expect(grew('export', 'verity_records_handled_total', { group: 'export', topic: 'decisions.v1' })).toBeGreaterThanOrEqual(ITEMS);
    // Labels by aggregation method; the fake LLM's tokens (50 + 10 per call) and their price.
    const methods = after.export.filter((x) => x.name === 'verity_labels_published_total').map((x) => x.labels.method);
    expect(methods.every((m) => /^[a-z_]+$/.test(m))).toBe(true);
    // Three agreeing human answers per item: decided by aggregation, not by an expert or a machine.
    const aggregated = AGGREGATED.reduce((n, method) => n + grew('export', 'verity_labels_published_total', { method }), 0);
    expect(aggregated).toBeGreaterThanOrEqual(ITEMS);
    expect(grew('prelabel', 'verity_llm_tokens_total', { model: 'fake-llm', kind: 'prompt' })).toBeGreaterThanOrEqual(50 * ITEMS);
    expect(grew('prelabel', 'verity_llm_tokens_total', { model: 'fake-llm', kind: 'completion' })).toBeGreaterThanOrEqual(10 * ITEMS);
    expect(grew('prelabel', 'verity_llm_cost_usd_total', { model: 'fake-llm' })).toBeGreaterThanOrEqual(0.0008 * ITEMS - 1e-9);
    // The gateway timed the annotators' calls under the route pattern; no label carries an id.
    const leases = { name: 'verity_http_request_duration_seconds_count', route: '/v1/projects/:projectId/tasks/next', method: 'POST' };
    expect(grew('gateway', leases.name, { route: leases.route, method: leases.method })).toBeGreaterThanOrEqual(ITEMS * ANSWERS + annotators.length);
    expect(grew('gateway', leases.name, { route: '/v1/tasks/:taskId/submit', method: 'POST', status: '201' }) + grew('gateway', leases.name, { route: '/v1/tasks/:taskId/submit', method: 'POST', status: '200' })).toBe(ITEMS * ANSWERS);
    for (const s of SERVICES) {
      const routes = after[s].filter((x) => x.name.startsWith('verity_http_request_duration_seconds')).map((x) => x.labels.route);
      expect(routes.filter((r) => r.includes(project.id) || /[0-9a-f]{8}-[0-9a-f]{4}-/.test(r))).toEqual([]);
    }

    // The queue drained. The gauge is read at most every 2 s (QUEUE_DEPTH_CACHE_MS), so a scrape
    // soon after the last one may still show the read taken before the answers.
    const drained = await eventually(
      'the project queue depth back to 0',
      async () => (sumOf(await scrape('assignment'), 'verity_queue_depth', { project: project.id }) === 0 ? 0 : undefined),
      10000,
      500,
    );
    expect(drained).toBe(0);

    // Lag: every service reports its groups'. Other tests may be writing to the same topics, so
    // "caught up" is judged where this test's records are: the partitions its annotations and
    // decisions went to. The high-water mark is read first and the scrape comes after the lag
    // cache expired, so a lag at most high − (offset + 1) proves the group committed past the
    // record (on a quiet stack it is 0).
    const s0 = await scrapeAll();
    for (const svc of SERVICES) expect(s0[svc].some((x) => x.name === 'verity_consumer_lag')).toBe(true);
    await tap.stop();
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    try {
      for (const [group, service, topic] of [
        ['quality', 'quality', TOPICS.annotations.name],
        ['export', 'export', TOPICS.decisions.name],
      ]) {
        const last = new Map<number, number>();
        for (const p of tap.got.filter((x) => x.topic === topic)) last.set(p.partition, Math.max(p.offset, last.get(p.partition) ?? -1));
        expect(last.size).toBeGreaterThan(0);
        const reported = await eventually(
          `${group} lag on ${topic} past this test's records`,
          async () => {
            const highs = new Map((await kafkaAdmin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
            await new Promise((r) => setTimeout(r, LAG_CACHE_MS + 100));
            const samples = await scrape(service);
            const lags: string[] = [];
            for (const [partition, offset] of last) {
              const lag = samples.find((x) => x.name === 'verity_consumer_lag' && x.labels.group === group && x.labels.topic === topic && x.labels.partition === String(partition));
              if (!lag || lag.value > highs.get(partition)! - (offset + 1)) return undefined;
              lags.push(`[${partition}] ${lag.value}`);
            }
            return lags.join(', ');
          },
          180000,
          0,
        );
        console.log(`${group} ${topic} lag where this test's records are: ${reported}`);
      }
    } finally {
      await kafkaAdmin.disconnect();
    }
    const outboxAge = Math.max(...SERVICES.map((svc) => sumOf(after[svc], 'verity_outbox_oldest_age_seconds')));
    expect(outboxAge).toBeLessThan(60);
  }, 600000);
});
