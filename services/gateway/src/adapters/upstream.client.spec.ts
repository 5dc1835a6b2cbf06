import http from 'node:http';
import { AddressInfo } from 'node:net';
import { BadGatewayException, GatewayTimeoutException } from '@nestjs/common';
import { Logger } from '@verity/telemetry';
import { UpstreamClient } from './upstream.client';

// The client against a loopback server that echoes what reached it: every method the gateway
// forwards goes with its body (JSON) or without one, and the answer comes back as sent.
describe('UpstreamClient.forward', () => {
  const received: { method: string; url: string; contentType?: string; authorization?: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, contentType: req.headers['content-type'], authorization: req.headers.authorization, body });
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ method: req.method }));
    });
  });
  let client: UpstreamClient;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new UpstreamClient('prelabel', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, 3000, new Logger('test'));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    ['GET', undefined, 200],
    ['POST', { id: 'kw' }, 201],
    ['PUT', { keywords: ['free'] }, 200],
    ['DELETE', undefined, 200],
  ] as const)('%s goes with its body and answers with the upstream status and JSON', async (method, body, status) => {
    received.length = 0;
    const out = await client.forward({ method, path: '/v1/projects/p1/prelabel/labeling-functions/kw', authorization: 'Bearer t', body });
    expect(out).toEqual({ status, contentType: 'application/json', body: JSON.stringify({ method }) });
    expect(received).toEqual([
      {
        method,
        url: '/v1/projects/p1/prelabel/labeling-functions/kw',
        contentType: body === undefined ? undefined : 'application/json',
        authorization: 'Bearer t',
        body: body === undefined ? '' : JSON.stringify(body),
      },
    ]);
  });
});

// The refusals: a slow upstream is a 504 naming the wait, a redirect or a closed port a 502; calls
// reuse their connection (keep-alive pool).
describe('UpstreamClient failures and connections', () => {
  const sockets = new Set<unknown>();
  const server = http.createServer((req, res) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 1500);
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://example.com/' });
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  server.on('connection', (s) => sockets.add(s));
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  it('answers 504 when the upstream is slower than the timeout', async () => {
    const client = new UpstreamClient('quality', base, 200, new Logger('test'));
    const err = await client.forward({ method: 'GET', path: '/slow', authorization: 'Bearer t' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayTimeoutException);
    expect((err as Error).message).toBe('quality service did not answer within 200 ms');
  });

  it('answers 502 on a redirect (not followed) and on a closed port', async () => {
    const client = new UpstreamClient('quality', base, 3000, new Logger('test'));
    const redirect = await client.forward({ method: 'GET', path: '/redirect', authorization: 'Bearer t' }).catch((e: unknown) => e);
    expect(redirect).toBeInstanceOf(BadGatewayException);
    expect((redirect as Error).message).toMatch(/redirect, which the gateway does not follow/);
    const closed = new UpstreamClient('quality', 'http://127.0.0.1:1', 3000, new Logger('test'));
    const down = await closed.forward({ method: 'GET', path: '/x', authorization: 'Bearer t' }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(BadGatewayException);
    expect((down as Error).message).toBe('quality service unreachable');
  });

  it('keeps its connections between calls (40 sequential calls, at most two connections)', async () => {
    const client = new UpstreamClient('quality', base, 3000, new Logger('test'));
    sockets.clear();
    for (let i = 0; i < 40; i++) expect((await client.forward({ method: 'GET', path: '/ok', authorization: 'Bearer t' })).status).toBe(200);
    expect(sockets.size).toBeGreaterThanOrEqual(1);
    expect(sockets.size).toBeLessThanOrEqual(2);
  });
});
