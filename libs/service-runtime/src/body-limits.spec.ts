import { jsonBodyParser, jsonDepth, MAX_JSON_DEPTH, refuseNulInUrl, scanJson } from './body-limits';

const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('jsonDepth', () => {
  it('counts array and object nesting', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth(nested(100))).toBe(100);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonDepth('{"a":"[[[{{{"}')).toBe(1);
    expect(jsonDepth('["\\"[[[", "\\\\", []]')).toBe(2);
  });

  it('finds an escaped NUL inside a string, not an escaped backslash before "u0000"', () => {
    expect(scanJson('{"a":"x\\u0000y"}').nul).toBe(true);
    expect(scanJson('{"a":"x\\\\u0000y"}').nul).toBe(false);
    expect(scanJson('{"a":"plain"}').nul).toBe(false);
  });

  it('stops early once past the limit', () => {
    expect(jsonDepth(nested(100000), 5)).toBe(6);
  });
});

/** Runs the parser on a fake request whose body is `text`; resolves with what it answered or passed on. */
function parse(text: string, limit?: number) {
  const { PassThrough } = jest.requireActual<typeof import('node:stream')>('node:stream');
  const req = Object.assign(new PassThrough(), {
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) },
    method: 'POST',
    url: '/',
  });
  return new Promise<{ status?: number; body?: unknown; parsed?: unknown }>((resolve) => {
    const res = {
      code: 0,
      status(c: number) {
        this.code = c;
        return this;
      },
      json(b: unknown) {
        resolve({ status: this.code, body: b });
      },
    };
    jsonBodyParser(limit)(req as never, res as never, () => resolve({ parsed: (req as { body?: unknown }).body }));
    req.end(text);
  });
}

describe('jsonBodyParser', () => {
  it('passes an ordinary body on, parsed', async () => {
    expect(await parse('{"a":[1,2]}')).toEqual({ parsed: { a: [1, 2] } });
  });

  it(`answers 400 naming the body when nested deeper than ${MAX_JSON_DEPTH}`, async () => {
    const r = await parse(`{"a":${nested(10000)}}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, errors: [{ field: 'body', reason: expect.stringMatching(/nested deeper than the limit of 64/) }] });
    expect((await parse(nested(MAX_JSON_DEPTH))).parsed).toBeDefined();
  });

  it('answers 413 naming the body and the limit when too large', async () => {
    const r = await parse(JSON.stringify({ text: 'x'.repeat(2000) }), 1000);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', errors: [{ field: 'body', reason: 'larger than the limit of 1000 bytes' }] });
  });

  it('answers 400 naming the body for a NUL in any string', async () => {
    const r = await parse('{"sourceId":"a\\u0000b"}');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ errors: [{ field: 'body', reason: expect.stringMatching(/NUL/) }] });
  });

  it('answers 400 for malformed JSON', async () => {
    const r = await parse('{"a":');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ errors: [{ field: 'body' }] });
  });
});

describe('refuseNulInUrl', () => {
  const call = (url: string) =>
    new Promise<number>((resolve) => {
      const res = { status: (c: number) => ({ json: () => resolve(c) }) };
      refuseNulInUrl()({ headers: {}, url } as never, res as never, () => resolve(0));
    });

  it('refuses %00 in the path or query with 400, passes anything else on', async () => {
    expect(await call('/v1/projects/a%00b/releases')).toBe(400);
    expect(await call('/v1/users?limit=%00')).toBe(400);
    expect(await call('/v1/projects/a%2F..%2Fb')).toBe(0);
  });
});
