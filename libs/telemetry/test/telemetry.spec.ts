import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';

import { AddressInfo } from 'node:net';
import { context } from '@opentelemetry/api';
import {
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

  it('exports spans over OTLP/HTTP when an endpoint is configured', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(`${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    // Asynchronous spawn: a blocking one would stall the server's event loop.
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [path.join(root, 'scripts/run-ts.cjs'), path.join(__dirname, 'fixtures/export-one-span.ts'), `http://127.0.0.1:${port}`],
        { cwd: root, stdio: 'inherit' },
      );
      child.on('exit', resolve);
    });
    await new Promise((r) => server.close(r));
    expect(code).toBe(0);
    expect(received.some((r) => r.startsWith('/v1/traces') && r.includes('fixture-span'))).toBe(true);
  }, 60000);
});

