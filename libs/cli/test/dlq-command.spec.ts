import { DLQ_EXIT, type Io, main } from '../src';

// `verity dlq` without a gateway: argument checks and what each gateway answer exits with.

interface Call {
  url: string;
  method: string;
  authorization?: string;
  body?: unknown;
}

function harness(answer: (c: Call) => { status: number; body: unknown } | Error, env: NodeJS.ProcessEnv = { VERITY_TOKEN: 'tok' }) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: Call[] = [];
  const fakeFetch = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    const c: Call = { url, method: init.method ?? 'GET', authorization: headers.authorization, body: init.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(c);
    const a = answer(c);
    if (a instanceof Error) throw a;
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  const io: Io = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readFile: () => '',
    writeFile: () => undefined,
    env,
    fetch: fakeFetch,
  };
  return { io, out, err, calls, run: (...argv: string[]) => Promise.resolve(main(['dlq', ...argv], io)) };
}

const summary = {
  topics: [
    { topic: 'content.v1', dlqTopic: 'content.v1.dlq', count: 2, newestAt: '2025-06-01T12:00:00.000Z', reasons: [{ reason: 'InvalidContentError: no body', count: 2 }], reasonsSampled: 2 },
    { topic: 'items.v1', dlqTopic: 'items.v1.dlq', count: 0, newestAt: null, reasons: [], reasonsSampled: 0 },
  ],
};

describe('verity dlq', () => {
  it('lists every topic with the token from VERITY_TOKEN, against --url', async () => {
    const h = harness(() => ({ status: 200, body: summary }));
    expect(await h.run('list', '--url', 'http://gw:9/')).toBe(DLQ_EXIT.ok);
    expect(h.calls).toEqual([{ url: 'http://gw:9/v1/ops/dead-letters', method: 'GET', authorization: 'Bearer tok', body: undefined }]);
    const text = h.out.join('');
    expect(text).toMatch(/^topic\s+count\s+newest\s+top reason\n/);
    expect(text).toMatch(/content\.v1\s+2\s+2025-06-01T12:00:00\.000Z\s+InvalidContentError: no body \(2\)/);
    expect(text).toMatch(/2 dead letters in 1 topic/);
  });

  it('prints the gateway JSON as it is with --json, and passes --limit and --after through', async () => {
    const page = { records: [], nextCursor: null };
    const h = harness(() => ({ status: 200, body: page }));
    expect(await h.run('show', 'content.v1', '--limit', '5', '--after', 'abc', '--json', '--token', 'other', '--url', 'http://gw:9')).toBe(0);
    expect(h.calls[0].url).toBe('http://gw:9/v1/ops/dead-letters/content.v1?limit=5&after=abc');
    expect(h.calls[0].authorization).toBe('Bearer other');
    expect(JSON.parse(h.out.join(''))).toEqual(page);
  });

  it('redrives ids or all; exit 5 when something was skipped', async () => {
    const h = harness((c) => ({ status: 200, body: (c.body as { ids?: string[] }).ids ? { redriven: 1, skipped: [{ id: '0:2', reason: 'already redriven' }], remaining: 0 } : { redriven: 3, skipped: [], remaining: 0 } }));
    expect(await h.run('redrive', 'labels.v1', '--ids', '0:1, 0:2')).toBe(DLQ_EXIT.partial);
    expect(h.calls[0]).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:8080/v1/ops/dead-letters/labels.v1/redrive', body: { ids: ['0:1', '0:2'] } });
    expect(h.out.join('')).toMatch(/redriven 1 to labels\.v1; skipped 1:\n {2}0:2 {2}already redriven/);
    expect(await h.run('redrive', 'labels.v1', '--all')).toBe(DLQ_EXIT.ok);
    expect(h.calls[1].body).toEqual({ all: true });
  });

  it('exits 2 on bad usage, naming the fault, before calling anyone', async () => {
    const h = harness(() => ({ status: 200, body: {} }));
    const cases: [string[], RegExp][] = [
      [[], /needs a subcommand/],
      [['frobnicate'], /unknown dlq subcommand "frobnicate"/],
      [['show'], /needs a topic/],
      [['show', 'content.v1', '--limit', '0'], /--limit must be an integer in \[1, 200\]/],
      [['show', 'content.v1', '--limit', '201'], /--limit/],
      [['redrive', 'content.v1'], /either --ids P:O,… or --all/],
      [['redrive', 'content.v1', '--ids', '1:2', '--all'], /either --ids/],
      [['redrive', 'content.v1', '--ids', '1:x'], /<partition>:<offset> \(got "1:x"\)/],
      [['list', '--ids', '0:1'], /--ids does not apply/],
      [['list', '--bogus'], /Unknown option '--bogus'/],
      [['list', '--url', 'ftp://x'], /--url must be an http\(s\) URL/],
    ];
    for (const [argv, why] of cases) {
      h.err.length = 0;
      expect(await h.run(...argv)).toBe(DLQ_EXIT.invalid);
      expect(h.err.join('')).toMatch(why);
    }
    expect(h.calls).toEqual([]);
  });

  it('maps the gateway’s answers to exit codes', async () => {
    const noToken = harness(() => ({ status: 200, body: summary }), {});
    expect(await noToken.run('list')).toBe(DLQ_EXIT.notAllowed);
    expect(noToken.err.join('')).toMatch(/no token: pass --token or set VERITY_TOKEN/);
    const answers: [number, number, RegExp][] = [
      [401, DLQ_EXIT.notAllowed, /not allowed \(401/],
      [403, DLQ_EXIT.notAllowed, /not allowed \(403: this action needs one of the roles: admin\)/],
      [404, DLQ_EXIT.invalid, /refused \(404/],
      [400, DLQ_EXIT.invalid, /refused \(400/],
      [500, DLQ_EXIT.unavailable, /gateway failed \(500/],
      [503, DLQ_EXIT.unavailable, /gateway failed \(503/],
    ];
    for (const [status, code, why] of answers) {
      const h = harness(() => ({ status, body: { statusCode: status, message: status === 403 ? 'this action needs one of the roles: admin' : 'no' } }));
      expect(await h.run('list')).toBe(code);
      expect(h.err.join('')).toMatch(why);
    }
    const down = harness(() => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    expect(await down.run('list')).toBe(DLQ_EXIT.unavailable);
    expect(down.err.join('')).toMatch(/gateway unreachable at http:\/\/127\.0\.0\.1:8080: ECONNREFUSED/);
  });

  it('prints its help with exit 0', async () => {
    const h = harness(() => ({ status: 200, body: {} }));
    expect(await h.run('--help')).toBe(0);
    expect(h.out.join('')).toMatch(/^usage: verity dlq <list\|show\|redrive>/);
  });
});
