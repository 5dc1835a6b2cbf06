import { BadRequestException } from '@nestjs/common';
import { assignmentStatsRange as statsRange } from './stats-range.rule';

describe('stats range', () => {
  const now = new Date('2026-03-10T12:34:56.000Z');

  it('defaults to 48 hours before now, from aligned down to its hour, a 900 s rate window', () => {
    expect(statsRange({}, now)).toEqual({ bucket: 'hour', from: new Date('2026-03-08T12:00:00.000Z'), to: now, window: 900 });
  });

  it('takes the gateway’s explicit range and aligns from to the bucket in UTC', () => {
    expect(statsRange({ bucket: 'day', from: '2026-03-01T05:00:00+03:00', to: '2026-03-03T00:00:00Z', window: '600' }, now)).toEqual({
      bucket: 'day',
      from: new Date('2026-03-01T00:00:00.000Z'),
      to: new Date('2026-03-03T00:00:00.000Z'),
      window: 600,
    });
  });

  it('400 for an unknown bucket, a reversed range, too many buckets, a window out of bounds', () => {
    const fields = (q: Record<string, string>) => {
      try {
        statsRange(q, now);
      } catch (err) {
        expect(err).toBeInstanceOf(BadRequestException);
        return ((err as BadRequestException).getResponse() as { errors: { field: string }[] }).errors.map((e) => e.field);
      }
      return [];
    };
    expect(fields({ bucket: 'week' })).toEqual(['bucket']);
    expect(fields({ from: '2026-03-11T00:00:00Z' })).toEqual(['from']);
    expect(fields({ bucket: 'minute', from: '2020-01-01T00:00:00Z' })).toEqual(['from']);
    expect(fields({ window: '10' })).toEqual(['window']);
    expect(fields({ to: 'yesterday' })).toEqual(['to']);
  });
});
