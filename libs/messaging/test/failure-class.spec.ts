import { DatabaseError } from 'pg';
import { S3ServiceException } from '@aws-sdk/client-s3';
import OpenAI from 'openai';
import { QueryFailedError } from 'typeorm';
import { z } from '@verity/config';
import { ContractError } from '@verity/contracts';
import { classifyFailure, DEFAULT_RETRY, NonRetryableError, transientBackoffMs } from '@verity/messaging';

// Real error classes where the package is at hand (pg, @aws-sdk, openai, typeorm, zod), built the
// way those libraries build them; Node system errors as net/dns make them.

function pgError(code: string, message = 'pg failure'): DatabaseError {
  const e = new DatabaseError(message, 100, 'error');
  e.code = code;
  return e;
}

function systemError(code: string, syscall = 'connect'): NodeJS.ErrnoException {
  const e = new Error(`${syscall} ${code} 127.0.0.1:5432`) as NodeJS.ErrnoException;
  e.code = code;
  e.errno = -111;
  e.syscall = syscall;
  return e;
}

function s3Error(name: string, httpStatusCode: number, retryable?: { throttling: boolean }): S3ServiceException {
  const e = new S3ServiceException({ name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode }, message: name });
  if (retryable) (e as { $retryable?: unknown }).$retryable = retryable;
  return e;
}

describe('classifyFailure', () => {
  it.each([
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock detected'],
    ['53300', 'too many connections'],
    ['57P01', 'admin shutdown'],
    ['57P03', 'cannot connect now'],
    ['08006', 'connection failure'],
    ['08001', 'unable to connect'],
  ])('Postgres SQLSTATE %s (%s) is transient', (code, message) => {
    expect(classifyFailure(pgError(code, message))).toBe('transient');
  });

  it.each([
    ['23505', 'unique violation'],
    ['22P02', 'invalid text representation'],
    ['42P01', 'undefined table'],
    ['23503', 'foreign key violation'],
  ])('Postgres SQLSTATE %s (%s) is poison', (code, message) => {
    expect(classifyFailure(pgError(code, message))).toBe('poison');
  });

  it('sees the SQLSTATE through TypeORM’s QueryFailedError', () => {
    expect(classifyFailure(new QueryFailedError('UPDATE x', [], pgError('40P01')))).toBe('transient');
    expect(classifyFailure(new QueryFailedError('INSERT x', [], pgError('23505')))).toBe('poison');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'])('Node system error %s is transient', (code) => {
    expect(classifyFailure(systemError(code))).toBe('transient');
  });

  it('a refused connection to every address (AggregateError) is transient', () => {
    const agg = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], '');
    expect(classifyFailure(agg)).toBe('transient');
  });

  it('pg’s connection-lost errors (no code) are transient', () => {
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('transient');
    expect(classifyFailure(new Error('timeout exceeded when trying to connect'))).toBe('transient');
    expect(classifyFailure(new Error('Query read timeout'))).toBe('transient');
  });

  it('S3: 5xx and throttling are transient, 4xx is poison', () => {
    expect(classifyFailure(s3Error('ServiceUnavailable', 503))).toBe('transient');
    expect(classifyFailure(s3Error('InternalError', 500))).toBe('transient');
    expect(classifyFailure(s3Error('SlowDown', 503, { throttling: true }))).toBe('transient');
    expect(classifyFailure(s3Error('TooManyRequests', 429))).toBe('transient');
    expect(classifyFailure(s3Error('AccessDenied', 403))).toBe('poison');
    expect(classifyFailure(s3Error('NoSuchKey', 404))).toBe('poison');
  });

  it('an S3 failure wrapped as a cause (as @verity/storage does) is still transient', () => {
    const wrapped = new Error('put failed', { cause: s3Error('ServiceUnavailable', 503) });
    expect(classifyFailure(wrapped)).toBe('transient');
  });

  it('LLM (openai): connection errors, 5xx and 429 are transient, 400 is poison', () => {
    expect(classifyFailure(new OpenAI.APIConnectionError({ message: 'Connection error.' }))).toBe('transient');
    expect(classifyFailure(new OpenAI.APIConnectionTimeoutError())).toBe('transient');
    expect(classifyFailure(OpenAI.APIError.generate(500, { error: { message: 'boom' } }, 'boom', new Headers()))).toBe('transient');
    expect(classifyFailure(OpenAI.APIError.generate(429, { error: { message: 'slow down' } }, 'slow down', new Headers()))).toBe('transient');
    expect(classifyFailure(OpenAI.APIError.generate(400, { error: { message: 'bad prompt' } }, 'bad prompt', new Headers()))).toBe('poison');
  });

  it('contract and validation failures are poison, even when they wrap a transient cause', () => {
    const zodError = z.object({ id: z.string() }).safeParse({}).error;
    expect(zodError?.name).toBe('ZodError');
    expect(classifyFailure(zodError)).toBe('poison');
    expect(classifyFailure(new ContractError('content.v1', 'missing envelope'))).toBe('poison');
    expect(classifyFailure(new NonRetryableError('unknown project', { cause: systemError('ECONNREFUSED') }))).toBe('poison');
    const validation = new Error('answer does not fit the question');
    validation.name = 'ValidationError';
    expect(classifyFailure(validation)).toBe('poison');
  });

  it('generic errors and non-errors are poison (bounded attempts, then the DLQ)', () => {
    expect(classifyFailure(new Error('boom: cannot process'))).toBe('poison');
    expect(classifyFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe('poison');
    expect(classifyFailure('a string')).toBe('poison');
    expect(classifyFailure(undefined)).toBe('poison');
  });
});

describe('transientBackoffMs', () => {
  it('grows exponentially from the initial delay and stays under the cap', () => {
    const top = () => 1; // the ceiling itself
    expect([1, 2, 3, 4].map((n) => transientBackoffMs(DEFAULT_RETRY, n, top))).toEqual([200, 400, 800, 1600]);
    expect(transientBackoffMs(DEFAULT_RETRY, 50, top)).toBe(DEFAULT_RETRY.transientMaxDelayMs);
    expect(transientBackoffMs(DEFAULT_RETRY, 1000, () => 0)).toBe(DEFAULT_RETRY.transientMaxDelayMs / 2);
  });
});
