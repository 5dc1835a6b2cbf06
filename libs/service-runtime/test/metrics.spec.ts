import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Controller, Get, INestApplication, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@verity/telemetry';
import { cachedFor, httpMetrics, isLoopback, metricsAccess, METRIC_NAMES, MetricsController, PlatformMetrics, routeLabel, UNMATCHED_ROUTE } from '../src/metrics';
import { PLATFORM_CONFIG } from '../src/tokens';

// The metrics module without the stack: the fixed names and labels, scraped gauges, the access
// rule of /metrics, and the HTTP histogram's route label on a real Express app.

const quiet = new Logger('metrics-test', 'error');

/** Samples of one metric in Prometheus text: labels (as written) → value. */
function samples(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m && m[1] === name) out.set(m[2] ?? '', Number(m[3]));
  }
  return out;
}

describe('PlatformMetrics', () => {
  it('declares every platform metric under its fixed name and type, with default process metrics', async () => {
    const text = await new PlatformMetrics(quiet).text();
    const types: Record<string, string> = {
      verity_consumer_lag: 'gauge',
      verity_records_handled_total: 'counter',
      verity_records_failed_total: 'counter',
      verity_dead_letters_total: 'counter',
      verity_dlq_depth: 'gauge',
      verity_outbox_backlog: 'gauge',
      verity_outbox_oldest_age_seconds: 'gauge',
      verity_queue_depth: 'gauge',
      verity_labels_published_total: 'counter',
      verity_llm_tokens_total: 'counter',
      verity_llm_cost_usd_total: 'counter',
      verity_http_request_duration_seconds: 'histogram',
      verity_ready: 'gauge',
    };
    expect(Object.values(METRIC_NAMES).sort()).toEqual(Object.keys(types).sort());
    for (const [name, type] of Object.entries(types)) expect(text).toContain(`# TYPE ${name} ${type}\n`);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('counts with the documented labels', async () => {
    const m = new PlatformMetrics(quiet);
    m.recordsHandled.inc({ group: 'quality', topic: 'annotations.v1' }, 3);
    m.recordsFailed.inc({ group: 'quality', topic: 'annotations.v1' });
    m.deadLetters.inc({ group: 'quality', topic: 'annotations.v1' });
    m.labelsPublished.inc({ method: 'dawid_skene' }, 2);
    m.llmTokens.inc({ model: 'gpt', kind: 'prompt' }, 50);
    m.llmCostUsd.inc({ model: 'gpt' }, 0.25);
    const text = await m.text();
    expect(samples(text, 'verity_records_handled_total').get('{group="quality",topic="annotations.v1"}')).toBe(3);
    expect(samples(text, 'verity_records_failed_total').get('{group="quality",topic="annotations.v1"}')).toBe(1);
    expect(samples(text, 'verity_dead_letters_total').get('{group="quality",topic="annotations.v1"}')).toBe(1);
    expect(samples(text, 'verity_labels_published_total').get('{method="dawid_skene"}')).toBe(2);
    expect(samples(text, 'verity_llm_tokens_total').get('{model="gpt",kind="prompt"}')).toBe(50);
    expect(samples(text, 'verity_llm_cost_usd_total').get('{model="gpt"}')).toBe(0.25);
    expect(() => m.labelsPublished.inc({ route: 'x' } as never)).toThrow(/label/i);
  });

  it('reads scraped gauges from their source at each scrape, and leaves a failing one without samples', async () => {
    const m = new PlatformMetrics(quiet);
    let depth = 4;
    m.source('queueDepth', async () => [{ labels: { project: 'p1' }, value: depth }]);
    m.source('consumerLag', async () => {
      throw new Error('kafka down');
    });
    m.source('ready', async () => [{ labels: {}, value: 1 }]);
    expect(samples(await m.text(), 'verity_queue_depth').get('{project="p1"}')).toBe(4);
    depth = 0;
    const text = await m.text();
    expect(samples(text, 'verity_queue_depth').get('{project="p1"}')).toBe(0);
    expect(samples(text, 'verity_consumer_lag').size).toBe(0);
    expect(samples(text, 'verity_ready').get('')).toBe(1);
    // A gauge without a source (dlq depth outside the gateway) has no samples.
    expect(samples(text, 'verity_dlq_depth').size).toBe(0);
  });

  it('cachedFor shares one read within its window and does not keep a failed one', async () => {
    let t = 0;
    let reads = 0;
    let fail = false;
    const read = cachedFor(
      5000,
      async () => {
        reads++;
        if (fail) throw new Error('down');
        return [{ labels: {}, value: reads }];
      },
      () => t,
    );
    expect((await read())[0].value).toBe(1);
    t = 4999;
    expect((await read())[0].value).toBe(1);
    t = 5000;
    fail = true;
    await expect(read()).rejects.toThrow('down');
    fail = false;
    expect((await read())[0].value).toBe(3); // the failure was not kept: read again at once
    expect(reads).toBe(3);
  });
});

describe('who may read /metrics', () => {
  const token = 'm'.repeat(40);

  it('with METRICS_TOKEN: the bearer token, from any address; anything else is 401', () => {
    expect(metricsAccess(token, `Bearer ${token}`, '10.0.0.7')).toEqual({ ok: true });
    expect(metricsAccess(token, `bearer ${token}`, '10.0.0.7')).toEqual({ ok: true });
    expect(metricsAccess(token, `Bearer ${token}x`, '127.0.0.1')).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(token, undefined, '127.0.0.1')).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(token, token, '127.0.0.1')).toMatchObject({ ok: false, status: 401 });
  });

  it('without it: loopback peers only (403 otherwise), whatever the headers say', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.1.2.3']) expect(metricsAccess(undefined, undefined, a)).toEqual({ ok: true });
    for (const a of ['10.0.0.7', '::ffff:10.0.0.7', '0.0.0.0', '1127.0.0.1', 'fe80::1', undefined]) {
      expect(metricsAccess(undefined, `Bearer ${token}`, a)).toMatchObject({ ok: false, status: 403 });
    }
    expect(isLoopback('127.0.0.1.evil')).toBe(false);
  });
});

@Controller('v1/projects/:projectId')
class ItemsController {
  @Get('items/:itemId')
  item(@Param('itemId') itemId: string) {
    return { itemId };
  }
}

describe('the HTTP histogram on a real Express app', () => {
  let app: INestApplication;
  let base: string;
  const metrics = new PlatformMetrics(quiet);

  beforeAll(async () => {
    @Module({
      controllers: [ItemsController, MetricsController],
      providers: [
        { provide: PlatformMetrics, useValue: metrics },
        { provide: PLATFORM_CONFIG, useValue: {} },
      ],
    })
    class TestModule {}
    app = await NestFactory.create(TestModule, { logger: false });
    app.use(httpMetrics(app.get(PlatformMetrics)));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  it('labels requests by route pattern, method and status, never by the URL with its ids', async () => {
    const ids = ['0193c0de-0000-7000-8000-00000000abcd', 'item-4242', 'item-4343'];
    expect((await fetch(`${base}/v1/projects/${ids[0]}/items/${ids[1]}`)).status).toBe(200);
    expect((await fetch(`${base}/v1/projects/${ids[0]}/items/${ids[2]}`)).status).toBe(200);
    expect((await fetch(`${base}/v1/nothing/${ids[1]}`)).status).toBe(404);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await res.text();
    const counts = samples(text, 'verity_http_request_duration_seconds_count');
    expect(counts.get('{method="GET",route="/v1/projects/:projectId/items/:itemId",status="200"}')).toBe(2);
    expect(counts.get(`{method="GET",route="${UNMATCHED_ROUTE}",status="404"}`)).toBe(1);
    for (const id of ids) expect(text).not.toContain(id);
  });

  it('routeLabel falls back to the unmatched label when no route matched', () => {
    expect(routeLabel({ method: 'GET' })).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ method: 'GET', route: { path: '/v1/x/:id' } })).toBe('/v1/x/:id');
  });
});
