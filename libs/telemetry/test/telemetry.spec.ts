import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';

import { AddressInfo } from 'node:net';
import { context } from '@opentelemetry/api';
import {
  continueStoredTrace,
  extractTraceContext,
  injectTraceHeaders,
  SpanKind,
  startTelemetry,
  trace,
  withSpan,
} from '@verity/telemetry';

const root = path.resolve(__dirname, '../../..');

describe('telemetry', () => {
  it('makes real spans without an endpoint and carries them through W3C headers', async () => {
    const t = startTelemetry({ serviceName: 'telemetry-test' });
    expect(t.exporting).toBe(false);
    const headers: Record<string, string> = {};
    let producerTrace = '';
    await withSpan('produce', SpanKind.PRODUCER, context.active(), {}, async (span) => {
      producerTrace = span.spanContext().traceId;
      injectTraceHeaders(headers);
    });
    expect(producerTrace).toMatch(/^[0-9a-f]{32}$/);
    expect(producerTrace).not.toBe('0'.repeat(32));
    expect(headers.traceparent).toMatch(new RegExp(`^00-${producerTrace}-[0-9a-f]{16}-01$`));

    const parent = extractTraceContext({ traceparent: Buffer.from(headers.traceparent) });
    let consumerTrace = '';
    await withSpan('consume', SpanKind.CONSUMER, parent, {}, async (span) => {
      consumerTrace = span.spanContext().traceId;
    });
    expect(consumerTrace).toBe(producerTrace);
    expect(trace.getSpanContext(parent)?.traceId).toBe(producerTrace);
    await t.shutdown();
  });

  /** Runs the fixture against a fake collector; returns what it received (path, traceparent, body). */
  async function exportOneSpan(kind: 'otlp' | 'zipkin') {
    const received: { url: string; traceparent?: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ url: req.url ?? '', traceparent: req.headers.traceparent as string | undefined, body });
        res.writeHead(kind === 'zipkin' && req.url !== '/probe' ? 202 : 200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    // Asynchronous spawn: a blocking one would stall the server's event loop.
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [path.join(root, 'scripts/run-ts.cjs'), path.join(__dirname, 'fixtures/export-one-span.ts'), `http://127.0.0.1:${port}`, kind],
        { cwd: root, stdio: 'inherit' },
      );
      child.on('exit', resolve);
    });
    await new Promise((r) => server.close(r));
    expect(code).toBe(0);
    return received;
  }

  it('exports spans over OTLP/HTTP when an endpoint is configured; node:http calls carry the trace', async () => {
    const received = await exportOneSpan('otlp');
    expect(received.some((r) => r.url.startsWith('/v1/traces') && r.body.includes('fixture-span'))).toBe(true);
    expect(received.find((r) => r.url === '/probe')?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  }, 60000);

  it('exports spans to Zipkin (JSON v2 at /api/v2/spans) when ZIPKIN_URL is set, the http client span included', async () => {
    const received = await exportOneSpan('zipkin');
    const posted = received.filter((r) => r.url === '/api/v2/spans').flatMap((r) => JSON.parse(r.body) as { name: string; traceId: string; localEndpoint: { serviceName: string } }[]);
    const fixture = posted.find((s) => s.name === 'fixture-span');
    expect(fixture?.localEndpoint.serviceName).toBe('telemetry-fixture');
    const probe = received.find((r) => r.url === '/probe')!;
    expect(probe.traceparent?.slice(3, 35)).toBe(fixture!.traceId);
    // The instrumentation's client span for the probe is in the same trace; the exporter's own POSTs are not traced.
    expect(posted.some((s) => s.traceId === fixture!.traceId && s.name !== 'fixture-span')).toBe(true);
    expect(received.filter((r) => r.url === '/api/v2/spans').every((r) => r.traceparent === undefined)).toBe(true);
  }, 60000);

  it('continues a stored trace, linked to the active span; without one it stays in the active trace', async () => {
    const t = startTelemetry({ serviceName: 'telemetry-test', instrument: false });
    const stored = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    let resumed: { traceId: string; linkTrace?: string; requestTrace: string } | undefined;
    let plain: { traceId: string; requestTrace: string } | undefined;
    await withSpan('request', SpanKind.SERVER, context.active(), {}, async (request) => {
      const requestTrace = request.spanContext().traceId;
      await continueStoredTrace('submit answer', stored, {}, async () => {
        const span = trace.getActiveSpan() as unknown as { spanContext(): { traceId: string }; links: { context: { traceId: string } }[]; parentSpanContext?: { spanId: string } };
        resumed = { traceId: span.spanContext().traceId, linkTrace: span.links[0]?.context.traceId, requestTrace };
        expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
      });
      await continueStoredTrace('submit answer', null, {}, async () => {
        plain = { traceId: trace.getActiveSpan()!.spanContext().traceId, requestTrace };
      });
    });
    expect(resumed).toEqual({ traceId: '0af7651916cd43dd8448eb211c80319c', linkTrace: resumed!.requestTrace, requestTrace: resumed!.requestTrace });
    expect(resumed!.requestTrace).not.toBe('0af7651916cd43dd8448eb211c80319c');
    expect(plain!.traceId).toBe(plain!.requestTrace);
    await t.shutdown();
  });

  it("drops the kafkajs instrumentation's poll traces and what hangs under them, and keeps everything else", async () => {
    const t = startTelemetry({ serviceName: 'telemetry-test', instrument: false });
    const tracer = trace.getTracer('test');
    const poll = tracer.startSpan('poll items.v1', { attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'receive' } });
    const underPoll = tracer.startSpan('process items.v1 batch', {}, trace.setSpan(context.active(), poll));
    const plainRoot = tracer.startSpan('publish comment', { attributes: { 'messaging.system': 'kafka' } });
    const fromRecord = tracer.startSpan('process items.v1', {}, extractTraceContext({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }));
    expect([poll, underPoll].map((s) => s.isRecording())).toEqual([false, false]);
    expect([plainRoot, fromRecord].map((s) => s.isRecording())).toEqual([true, true]);
    for (const s of [poll, underPoll, plainRoot, fromRecord]) s.end();
    await t.shutdown();
  });
});
