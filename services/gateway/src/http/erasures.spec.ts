import { validate } from '@verity/service-runtime';
import { erasureRequestSchema } from './erasure.schemas';
import { statusOf } from '../db/erasures.repository';

describe('erasure requests', () => {
  const fieldsOf = (body: unknown): string[] => {
    try {
      validate(erasureRequestSchema, body);
      return [];
    } catch (e) {
      return ((e as { getResponse(): { errors: { field: string }[] } }).getResponse().errors ?? []).map((x) => x.field);
    }
  };

  it('takes an item id, or a source with its source id', () => {
    expect(validate(erasureRequestSchema, { itemId: ' i-1 ' })).toEqual({ itemId: 'i-1' });
    expect(validate(erasureRequestSchema, { source: 'yt', sourceId: 'c-1' })).toEqual({ source: 'yt', sourceId: 'c-1' });
  });

  it.each([
    [{}, 'itemId'],
    [{ itemId: 'i', source: 'yt', sourceId: 'c' }, 'itemId'],
    [{ source: 'yt' }, 'sourceId'],
    [{ sourceId: 'c' }, 'source'],
    [{ itemId: '' }, 'itemId'],
    [{ itemId: 'i', extra: 1 }, '(root)'],
  ])('refuses %j naming %s', (body, field) => {
    expect(fieldsOf(body)).toContain(field);
  });

  it('is pending until resolved, then not_found, in_progress or completed', () => {
    const done = (n: number) => Array.from({ length: 6 }, () => ({ itemsDone: n }));
    expect(statusOf(null, done(0))).toBe('pending');
    expect(statusOf([], done(0))).toBe('not_found');
    expect(statusOf(['a', 'b'], [...done(2).slice(1), { itemsDone: 1 }])).toBe('in_progress');
    expect(statusOf(['a', 'b'], done(2))).toBe('completed');
  });
});
