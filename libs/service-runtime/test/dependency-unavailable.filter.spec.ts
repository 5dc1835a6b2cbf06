import { ArgumentsHost, BadRequestException } from '@nestjs/common';
import { BaseExceptionFilter, type AbstractHttpAdapter } from '@nestjs/core';
import { DependencyUnavailableFilter, RETRY_AFTER_SECONDS } from '../src/dependency-unavailable.filter';

/** A fake HTTP adapter and response that record what the filter sent. */
function fakeHttp() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const res = { headersSent: false, setHeader: (k: string, v: string) => (sent.headers[k] = v) };
  const adapter = {
    isHeadersSent: () => false,
    reply: (_r: unknown, body: unknown, status: number) => Object.assign(sent, { body, status }),
    end: () => undefined,
  } as unknown as AbstractHttpAdapter;
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => res }),
    getArgByIndex: () => res,
  } as unknown as ArgumentsHost;
  return { sent, host, filter: new DependencyUnavailableFilter(adapter) };
}

const pgDown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('DependencyUnavailableFilter', () => {
  it('answers 503 with Retry-After when Postgres is unreachable', () => {
    const { sent, host, filter } = fakeHttp();
    filter.catch(pgDown, host);
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe(String(RETRY_AFTER_SECONDS));
    expect(JSON.stringify(sent.body)).not.toContain('5432'); // no internals in the answer
  });

  it('answers 503 for a serialization failure, which a retry can fix', () => {
    const { sent, host, filter } = fakeHttp();
    filter.catch(Object.assign(new Error('could not serialize access'), { code: '40001' }), host);
    expect(sent.status).toBe(503);
  });

  it('keeps 500 for a bug and the original status for HTTP errors', () => {
    const bug = fakeHttp();
    // Nest logs an unknown error's stack; keep the test output quiet.
    jest.spyOn((BaseExceptionFilter as unknown as { logger: { error: () => void } }).logger, 'error').mockImplementation(() => undefined);
    bug.filter.catch(new TypeError('x is undefined'), bug.host);
    expect(bug.sent.status).toBe(500);
    expect(bug.sent.headers['Retry-After']).toBeUndefined();
    const bad = fakeHttp();
    bad.filter.catch(new BadRequestException('limit: must be ≥ 1'), bad.host);
    expect(bad.sent.status).toBe(400);
  });
});
