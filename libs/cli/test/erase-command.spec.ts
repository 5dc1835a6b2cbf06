import { ERASE_EXIT, type Io, main } from '../src';

// `verity erase` without a gateway: argument checks, the request it sends, and what each answer exits with.

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
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), readFile: () => '', writeFile: () => undefined, env, fetch: fakeFetch };
  return { out, err, calls, run: (...argv: string[]) => Promise.resolve(main(['erase', ...argv], io)) };
}

const accepted = { status: 202, body: { erasureId: 'er-1', status: 'pending' } };

describe('verity erase', () => {
  it('erases by source and source id through the gateway', async () => {
    const h = harness(() => accepted);
    expect(await h.run('--project', 'p 1', '--source', 'yt', '--source-id', 'c-1', '--url', 'http://gw:9/')).toBe(ERASE_EXIT.ok);
    expect(h.calls).toEqual([{ url: 'http://gw:9/v1/projects/p%201/erasures', method: 'POST', authorization: 'Bearer tok', body: { source: 'yt', sourceId: 'c-1' } }]);
    expect(h.out.join('')).toContain('erasure er-1 accepted (pending)');
  });

  it('erases by item id', async () => {
    const h = harness(() => accepted);
    expect(await h.run('--project', 'p1', '--item', 'i-1')).toBe(ERASE_EXIT.ok);
    expect(h.calls[0].body).toEqual({ itemId: 'i-1' });
  });

  it('lists the requests with their status', async () => {
    const erasures = [
      { erasureId: 'er-2', itemId: null, source: 'yt', sourceId: 'c-1', requestedBy: 'u-pm', requestedAt: '2026-01-01T00:00:00.000Z', status: 'completed', itemIds: ['i-1'] },
    ];
    const h = harness(() => ({ status: 200, body: { erasures } }));
    expect(await h.run('--project', 'p1', '--list')).toBe(ERASE_EXIT.ok);
    expect(h.calls[0]).toMatchObject({ method: 'GET', url: 'http://127.0.0.1:8080/v1/projects/p1/erasures' });
    expect(h.out.join('')).toMatch(/er-2\s+2026-01-01T00:00:00\.000Z\s+u-pm\s+yt:c-1\s+completed\s+1/);
  });

  it.each([
    [['--item', 'i'], '--project is required'],
    [['--project', 'p'], 'give --item, or --source and --source-id'],
    [['--project', 'p', '--item', 'i', '--source', 's', '--source-id', 'x'], 'give --item, or --source and --source-id'],
    [['--project', 'p', '--source', 's'], '--source and --source-id go together'],
    [['--project', 'p', '--list', '--item', 'i'], '--list takes no --item'],
  ])('refuses %j before calling the gateway', async (argv, message) => {
    const h = harness(() => accepted);
    expect(await h.run(...argv)).toBe(ERASE_EXIT.invalid);
    expect(h.calls).toEqual([]);
    expect(h.err.join('')).toContain(message);
  });

  it.each([
    [400, { message: 'invalid request body', errors: [{ field: 'itemId', reason: 'give itemId or source and sourceId, not both' }] }, ERASE_EXIT.invalid, 'itemId: give itemId'],
    [403, { message: 'this action needs one of the project roles: project_manager' }, ERASE_EXIT.notAllowed, 'not allowed'],
    [404, { message: 'project not found' }, ERASE_EXIT.notAllowed, 'project not found'],
    [503, { message: 'down' }, ERASE_EXIT.unavailable, 'gateway failed'],
  ])('exits on a %i answer with its code', async (status, body, code, message) => {
    const h = harness(() => ({ status, body }));
    expect(await h.run('--project', 'p', '--item', 'i')).toBe(code);
    expect(h.err.join('')).toContain(message);
  });

  it('needs a token and a reachable gateway', async () => {
    const none = harness(() => accepted, {});
    expect(await none.run('--project', 'p', '--item', 'i')).toBe(ERASE_EXIT.notAllowed);
    const down = harness(() => Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    expect(await down.run('--project', 'p', '--item', 'i')).toBe(ERASE_EXIT.unavailable);
    expect(down.err.join('')).toContain('ECONNREFUSED');
  });
});
