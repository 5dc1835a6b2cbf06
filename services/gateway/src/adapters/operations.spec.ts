import { BadRequestException } from '@nestjs/common';
import { validate } from '@verity/service-runtime';
import { partitionLag, serviceOfGroup } from './consumer-lag.service';
import { idRanges } from './dead-letters.service';
import { encodeCursor, mergeNewestFirst, parseCursor } from '../domain/dlq-cursor.codec';
import { deadLetterPageQuery, redriveRequestSchema } from '../http/operations.schemas';
import { platformConsumerServices } from '../operations.settings';

// The operations API's pure parts: cursors, newest-first merge, input validation, id ranges, lag.

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof BadRequestException) return (e.getResponse() as { errors: { field: string; reason: string }[] }).errors;
    throw e;
  }
  throw new Error('expected a 400');
};

describe('DLQ cursor', () => {
  it('round-trips per-partition bounds as an opaque token', () => {
    const bounds = new Map([
      [2, 7],
      [0, 120],
      [1, 0],
    ]);
    const c = encodeCursor(bounds);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseCursor(c)).toEqual(new Map([[0, 120], [1, 0], [2, 7]]));
  });

  it('refuses anything it did not write', () => {
    const enc = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of ['', 'not a cursor!', enc('0:1'), enc('v1:'), enc('v1:0:1,0:2'), enc('v1:0:-1'), enc('v1:a:1'), enc('v2:0:1'), enc('v1:0:99999999999999999'), 'x'.repeat(3000)]) {
      expect(parseCursor(bad)).toBeUndefined();
    }
  });

  it('merges partitions newest first, each partition in offset order, so the cursor never skips', () => {
    // Partition 1's clock is behind: offset 11 is newer than 10 in offset order but "older" in time.
    const runs = [
      { partition: 0, records: [{ o: 5, at: '2025-01-01T00:00:05.000Z' }, { o: 4, at: '2025-01-01T00:00:01.000Z' }] },
      { partition: 1, records: [{ o: 11, at: '2025-01-01T00:00:02.000Z' }, { o: 10, at: '2025-01-01T00:00:03.000Z' }] },
    ];
    const { taken, takenFrom } = mergeNewestFirst(runs, (r) => r.at, 3);
    expect(taken.map((r) => r.o)).toEqual([5, 11, 10]);
    expect(takenFrom.get(0)!.map((r) => r.o)).toEqual([5]);
    expect(takenFrom.get(1)!.map((r) => r.o)).toEqual([11, 10]);
    expect(mergeNewestFirst(runs, (r) => r.at, 10).taken).toHaveLength(4);
    expect(mergeNewestFirst([], (r: { at: string }) => r.at, 10).taken).toEqual([]);
  });
});

describe('operations input', () => {
  it('limits a page to 1..200 records, 50 by default, and names `limit` otherwise', () => {
    expect(validate(deadLetterPageQuery, {}, 'query')).toEqual({ limit: 50 });
    expect(validate(deadLetterPageQuery, { limit: '200', after: 'abc' }, 'query')).toEqual({ limit: 200, after: 'abc' });
    for (const limit of ['0', '201', '-1', '1.5', 'ten']) {
      expect(fieldsOf(() => validate(deadLetterPageQuery, { limit }, 'query')).map((e) => e.field)).toEqual(['limit']);
    }
  });

  it('takes either ids or all: true for a redrive, and names a malformed id', () => {
    expect(validate(redriveRequestSchema, { ids: ['0:1', '2:40'] })).toEqual({ ids: ['0:1', '2:40'] });
    expect(validate(redriveRequestSchema, { all: true })).toEqual({ all: true });
    expect(fieldsOf(() => validate(redriveRequestSchema, { ids: ['0:1', 'x'] }))).toEqual([
      { field: 'ids.1', reason: 'must be <partition>:<offset>, e.g. 0:17' },
    ]);
    expect(fieldsOf(() => validate(redriveRequestSchema, { ids: ['0:1'], all: true }))[0].reason).toMatch(/either ids or all/);
    expect(fieldsOf(() => validate(redriveRequestSchema, {}))[0].reason).toMatch(/either ids or all/);
    expect(fieldsOf(() => validate(redriveRequestSchema, { all: false }))[0].field).toBe('all');
    expect(fieldsOf(() => validate(redriveRequestSchema, { ids: [] }))[0].field).toBe('ids');
    expect(fieldsOf(() => validate(redriveRequestSchema, { ids: ['0:1'], extra: 1 }))[0].reason).toMatch(/extra/);
  });
});

describe('redrive reads', () => {
  it('reads requested ids in few ranges: close offsets of a partition share one', () => {
    const ids = [
      { partition: 0, offset: 3 },
      { partition: 0, offset: 1 },
      { partition: 0, offset: 40 },
      { partition: 0, offset: 500 },
      { partition: 2, offset: 9 },
    ];
    expect(idRanges('t.dlq', ids)).toEqual([
      { topic: 't.dlq', partition: 0, from: 1, to: 41 },
      { topic: 't.dlq', partition: 0, from: 500, to: 501 },
      { topic: 't.dlq', partition: 2, from: 9, to: 10 },
    ]);
  });
});

describe('consumer lag', () => {
  it('counts what is past the committed offset, or past the start before a first commit', () => {
    expect(partitionLag(40, 0, 50)).toBe(10);
    expect(partitionLag(50, 0, 50)).toBe(0);
    expect(partitionLag(null, 5, 50)).toBe(45);
    expect(partitionLag(2, 5, 50)).toBe(45); // committed below the start: retention moved it
  });

  it('finds the platform service of a consumer group by name', () => {
    const services = platformConsumerServices();
    expect(services).toEqual(expect.arrayContaining(['ingestion', 'decomposition', 'prelabel', 'assignment', 'quality', 'adjudication', 'export']));
    expect(services.some((s) => s.includes('external'))).toBe(false);
    expect(serviceOfGroup('quality', services)).toBe('quality');
    expect(serviceOfGroup('quality.feedback', services)).toBe('quality');
    expect(serviceOfGroup('qualityx', services)).toBeUndefined();
    expect(serviceOfGroup('gateway-ops-reader-1', services)).toBeUndefined();
  });
});
