import http from 'node:http';
import { AddressInfo } from 'node:net';
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
